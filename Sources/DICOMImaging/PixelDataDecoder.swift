import DICOM
import Foundation

/// Decodes frames of a data set's Pixel Data, native or encapsulated, into integer samples.
///
/// Supported: native data (1, 8, 16, 32 bits; signed; planar; Bits Stored < Bits Allocated), RLE
/// Lossless, JPEG baseline 8-bit, JPEG lossless (processes 14 and 14 SV1), JPEG-LS, JPEG 2000 and HTJ2K,
/// and Encapsulated Uncompressed; 12-bit JPEG (extended) when the package links DCMTK (`CDCMTKCodecs`).
public enum PixelDataDecoder {
    /// The transfer syntaxes whose frames `decodeFrame` can decode.
    public static let supportedTransferSyntaxes: Set<String> = Set(
        ["1.2.840.10008.1.2", "1.2.840.10008.1.2.1", "1.2.840.10008.1.2.1.99", "1.2.840.10008.1.2.2",
         "1.2.840.10008.1.2.1.98", "1.2.840.10008.1.2.5"]
            + jpegSyntaxes + jpegLosslessSyntaxes + jpegLSSyntaxes + jpeg2000Syntaxes)

    /// True when this build links DCMTK's decoders for JPEG of more than 8 bits (the `CDCMTKCodecs`
    /// target); otherwise such frames are refused with an `unsupported` error.
    public static var decodesTwelveBitJPEG: Bool {
        #if canImport(CDCMTKCodecs)
        true
        #else
        false
        #endif
    }

    static let jpegSyntaxes = ["1.2.840.10008.1.2.4.50", "1.2.840.10008.1.2.4.51"]
    static let jpegLosslessSyntaxes = ["1.2.840.10008.1.2.4.57", "1.2.840.10008.1.2.4.70"]
    static let jpegLSSyntaxes = ["1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"]
    static let jpeg2000Syntaxes = ["1.2.840.10008.1.2.4.90", "1.2.840.10008.1.2.4.91", "1.2.840.10008.1.2.4.92",
                                   "1.2.840.10008.1.2.4.93", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                                   "1.2.840.10008.1.2.4.203"]

    /// Decodes frame `index` (from 0) of a data set described by `description`.
    public static func decodeFrame(_ index: Int, of dataSet: DataSet, description: PixelDescription) throws -> DecodedFrame {
        guard index >= 0, index < description.numberOfFrames else {
            throw ImagingError(.invalidAttribute, "frame \(index + 1) asked of \(description.numberOfFrames)", tag: .numberOfFrames)
        }
        guard let element = dataSet[.pixelData] else {
            throw ImagingError(.missingAttribute, "the data set has no Pixel Data", tag: .pixelData)
        }
        let syntax = description.transferSyntax
        if let bytes = element.bytes {
            guard !syntax.isEncapsulated || syntax.uid == "1.2.840.10008.1.2.1.98" || !syntax.isKnown else {
                throw ImagingError(.corruptPixelData, "Pixel Data is native but \(syntax.name) requires fragments", tag: .pixelData)
            }
            return try NativeDecoder.decode(bytes, index: index, description: description, wordSize: element.vr.wordSize)
        }
        guard let fragments = element.fragments else {
            throw ImagingError(.corruptPixelData, "Pixel Data holds a sequence", tag: .pixelData)
        }
        let frame: Data
        do {
            frame = try fragments.frame(index, numberOfFrames: description.numberOfFrames,
                                        extendedOffsets: extendedOffsets(dataSet))
        } catch let error as DICOMError {
            throw ImagingError(.corruptPixelData, error.reason, tag: .pixelData)
        }
        return try decodeEncapsulated(frame, description: description)
    }

    /// Decodes frame `index` (from 0) of a file.
    public static func decodeFrame(_ index: Int, of file: DICOMFile) throws -> DecodedFrame {
        try decodeFrame(index, of: file.dataSet, description: PixelDescription(file: file))
    }

    /// Decodes one frame's encapsulated bytes (its fragments joined) in the description's transfer syntax.
    public static func decodeEncapsulated(_ frame: Data, description d: PixelDescription) throws -> DecodedFrame {
        let uid = d.transferSyntax.uid
        switch uid {
        case "1.2.840.10008.1.2.5": return try RLEDecoder.decode(frame, description: d)
        case "1.2.840.10008.1.2.1.98":
            var native = d
            native.numberOfFrames = 1
            return try NativeDecoder.decode(frame, index: 0, description: native)
        case _ where jpegLosslessSyntaxes.contains(uid): return try LosslessJPEGDecoder.decode(frame, description: d)
        case _ where jpegSyntaxes.contains(uid):
            if let precision = LosslessJPEGDecoder.framePrecision(frame), precision > 8 {
                #if canImport(CDCMTKCodecs)
                return try DCMTKJPEGDecoder.decode(frame, precision: precision, description: d)
                #else
                throw ImagingError(.unsupported,
                                   "\(precision)-bit JPEG (\(d.transferSyntax.name)) needs a 12-bit JPEG decoder, which this build does not link",
                                   tag: .pixelData)
                #endif
            }
            return try CompressedDecoders.jpeg(frame, description: d)
        case _ where jpegLSSyntaxes.contains(uid): return try CompressedDecoders.jpegLS(frame, description: d)
        case _ where jpeg2000Syntaxes.contains(uid): return try CompressedDecoders.jpeg2000(frame, description: d)
        default:
            throw ImagingError(.unsupported, "pixel data in \(d.transferSyntax.name) (\(uid)) cannot be decoded")
        }
    }

    /// (7FE0,0001) Extended Offset Table decoded, when present.
    static func extendedOffsets(_ dataSet: DataSet) -> [UInt64]? {
        guard let bytes = dataSet[.extendedOffsetTable]?.bytes, !bytes.isEmpty else { return nil }
        return bytes.withUnsafeBytes { raw in
            (0..<(raw.count / 8)).map { UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: UInt64.self)) }
        }
    }
}

extension DICOMFile {
    /// Decodes frame `index` (from 0) of this file's Pixel Data.
    public func decodeFrame(_ index: Int = 0) throws -> DecodedFrame {
        try PixelDataDecoder.decodeFrame(index, of: self)
    }
}
