import CCodecs
import DICOM
import Foundation

/// Lossless JPEG-LS encoding (transfer syntax 1.2.840.10008.1.2.4.80) through CharLS.
public enum JPEGLSEncoder {
    /// Encodes one native frame (little-endian, pixel-interleaved). Samples are masked to Bits Stored:
    /// JPEG-LS carries unsigned bits, and the decoder restores the sign from Pixel Representation.
    public static func encode(frame native: Data, rows: Int, columns: Int, samplesPerPixel: Int,
                              bitsAllocated: Int, bitsStored: Int) throws -> Data {
        guard bitsAllocated == 8 || bitsAllocated == 16, (2...16).contains(bitsStored) else {
            throw ImagingError(.unsupported, "JPEG-LS encodes 8- or 16-bit containers of 2–16 bits, not \(bitsAllocated)/\(bitsStored)",
                               tag: .bitsAllocated)
        }
        var samples = [UInt8](native)
        let expected = rows * columns * samplesPerPixel * bitsAllocated / 8
        guard samples.count >= expected else {
            throw ImagingError(.corruptPixelData, "frame has \(samples.count) bytes, \(expected) needed", tag: .pixelData)
        }
        samples.removeSubrange(expected...)
        if bitsAllocated == 16, bitsStored < 16 {
            let mask = UInt16((1 << bitsStored) - 1)
            samples.withUnsafeMutableBytes { raw in
                for index in 0..<(raw.count / 2) {
                    let value = UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: index * 2, as: UInt16.self)) & mask
                    raw.storeBytes(of: value.littleEndian, toByteOffset: index * 2, as: UInt16.self)
                }
            }
        } else if bitsAllocated == 8, bitsStored < 8 {
            let mask = UInt8((1 << bitsStored) - 1)
            for index in samples.indices { samples[index] &= mask }
        }
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = samples.withUnsafeBytes { raw in
            ccodecs_jpegls_encode(raw.baseAddress, raw.count, Int32(columns), Int32(rows), Int32(samplesPerPixel),
                                  Int32(bitsStored), &output, &size, &message, message.count)
        }
        guard status == 0, let output else {
            throw ImagingError(.encoding, String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self),
                               tag: .pixelData)
        }
        defer { ccodecs_free(output) }
        return Data(bytes: output, count: size)
    }
}
