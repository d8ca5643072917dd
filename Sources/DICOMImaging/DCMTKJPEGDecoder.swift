#if canImport(CDCMTKCodecs)
import CDCMTKCodecs
import DICOM
import Foundation

/// JPEG of more than 8 bits (12-bit Extended, process 2 & 4) through DCMTK's IJG decoders, compiled in
/// when the package provides the `CDCMTKCodecs` C++ target.
enum DCMTKJPEGDecoder {
    /// Decodes one frame whose SOF declares `precision` bits.
    static func decode(_ frame: Data, precision: Int, description d: PixelDescription) throws -> DecodedFrame {
        let count = d.pixelsPerFrame * d.samplesPerPixel
        var output = [UInt8](repeating: 0, count: count * 2)
        var message = [CChar](repeating: 0, count: 256)
        let isYBR = d.photometricInterpretation.rawValue.hasPrefix("YBR")
        let width = frame.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer { out in
                message.withUnsafeMutableBufferPointer { text in
                    cdcmtk_jpeg_decode(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, Int32(precision), isYBR ? 1 : 0,
                                       d.isSigned ? 1 : 0, out.baseAddress, out.count, text.baseAddress, text.count)
                }
            }
        }
        guard width > 0 else {
            throw ImagingError(.corruptPixelData, CodecBridge.text(message), tag: .pixelData)
        }
        let values = (0..<count).map { i in width == 1 ? Int(output[i]) : Int(output[2 * i]) | Int(output[2 * i + 1]) << 8 }
        let interpretation: PhotometricInterpretation = d.samplesPerPixel == 3 && isYBR ? .ybrFull : d.photometricInterpretation
        return try CodecBridge.frame(values: values, isPlanar: false, description: d, interpretation: interpretation,
                                     correction: .unusedBits(d))
    }
}
#endif
