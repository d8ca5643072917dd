import CCodecs
import DICOM
import Foundation

/// Lossless JPEG 2000 encoding (transfer syntax 1.2.840.10008.1.2.4.90) through OpenJPEG.
public enum JPEG2000Encoder {
    /// Encodes a decoded frame (its true sample values, signed or not) as a J2K codestream.
    public static func encode(_ frame: DecodedFrame) throws -> Data {
        let samples = frame.samples.integers.map { Int32(truncatingIfNeeded: $0) }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = samples.withUnsafeBufferPointer { buffer in
            ccodecs_j2k_encode(buffer.baseAddress, Int32(frame.columns), Int32(frame.rows), Int32(frame.samplesPerPixel),
                               Int32(frame.bitsStored), frame.isSigned ? 1 : 0, &output, &size, &message, message.count)
        }
        guard status == 0, let output else {
            throw ImagingError(.encoding, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                               tag: .pixelData)
        }
        defer { ccodecs_free(output) }
        return Data(bytes: output, count: size)
    }
}
