import CCodecs
import DICOM
import Foundation

/// The codecs behind the encapsulated transfer syntaxes, each a thin layer over a C shim plus the
/// corrections pydicom applies to what the codec returns.
enum CompressedDecoders {
    /// 8-bit JPEG (baseline, or extended with 8-bit precision) through libjpeg. YCbCr streams come back
    /// as upsampled YBR_FULL samples (the renderer converts them, as it does native YBR_FULL); streams
    /// that carry no colour marker are taken as RGB when the data set says RGB (the colour-space trap of
    /// JPEG in DICOM).
    static func jpeg(_ frame: Data, description d: PixelDescription) throws -> DecodedFrame {
        let flags = CCODECS_JPEG_KEEP_YCBCR | (d.photometricInterpretation == .rgb ? CCODECS_JPEG_ASSUME_RGB : 0)
        return try CodecBridge.decode(frame, codec: "JPEG", { source, size, image, message, capacity in
            ccodecs_jpeg_decode(source, size, Int32(flags), image, message, capacity)
        }) { image in
            let interpretation: PhotometricInterpretation = switch Int(image.colour) {
            case Int(CCODECS_COLOUR_YCBCR): .ybrFull
            case Int(CCODECS_COLOUR_RGB): .rgb
            default: d.photometricInterpretation
            }
            return try CodecBridge.frame(from: image, description: d, interpretation: interpretation,
                                         correction: .unusedBits(d))
        }
    }

    /// JPEG-LS through CharLS. The stream carries no sign, so signed data is sign-extended from the
    /// stream's precision.
    static func jpegLS(_ frame: Data, description d: PixelDescription) throws -> DecodedFrame {
        try CodecBridge.decode(frame, codec: "JPEG-LS", ccodecs_jpegls_decode) { image in
            try CodecBridge.frame(from: image, description: d, interpretation: d.photometricInterpretation,
                                  correction: d.isSigned ? .reinterpret(bits: Int(image.precision)) : .unusedBits(d))
        }
    }

    /// Threads OpenJPEG may use for one frame: the processors, at most 4.
    static let decoderThreads = min(max(ProcessInfo.processInfo.activeProcessorCount, 1), 4)

    /// JPEG 2000 and HTJ2K through OpenJPEG. YBR_ICT and YBR_RCT come out as RGB (the decoder undoes the
    /// component transform); when the stream's signedness contradicts Pixel Representation, samples are
    /// reinterpreted from the stream's precision (`J2K_pixelrep_mismatch.dcm`).
    static func jpeg2000(_ frame: Data, description d: PixelDescription) throws -> DecodedFrame {
        try CodecBridge.decode(frame, codec: "JPEG 2000", { source, size, image, message, capacity in
            ccodecs_j2k_decode(source, size, Int32(decoderThreads), image, message, capacity)
        }) { image in
            let interpretation: PhotometricInterpretation =
                d.photometricInterpretation == .ybrICT || d.photometricInterpretation == .ybrRCT ? .rgb : d.photometricInterpretation
            let mismatch = (image.is_signed != 0) != d.isSigned
            return try CodecBridge.frame(from: image, description: d, interpretation: interpretation,
                                         correction: mismatch ? .reinterpret(bits: Int(image.precision)) : .unusedBits(d))
        }
    }
}
