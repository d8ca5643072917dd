import DICOM
import DICOMImaging
import Foundation
import ObjectStorage

/// The pixel pipeline of exports, over DICOMImaging: rendered PNG/JPEG frames, uncompressed frames, and
/// transcoding compressed instances to the native syntaxes. Encoding into compressed syntaxes is not
/// built yet and fails with a clear message.
public struct ImagingPipeline: PixelPipeline {
    /// JPEG quality of rendered JPEG exports.
    public var jpegQuality: Int

    public init(jpegQuality: Int = 90) { self.jpegQuality = jpegQuality }

    public func images(of file: DICOMFile, format: ImageFormat) throws -> [Data] {
        try (0..<frameCount(file)).map { index in
            let image = try file.renderFrame(index)
            return try format == .png ? image.pngData() : image.jpegData(quality: jpegQuality)
        }
    }

    public func uncompressedFrames(of file: DICOMFile) throws -> [Data] {
        let bitsAllocated = file.dataSet.int(.bitsAllocated) ?? 16
        if let native = file.dataSet[.pixelData]?.bytes {
            // Native already: split by frame size, without a decode round trip.
            let d = file.dataSet
            let size = (d.int(.rows) ?? 0) * (d.int(.columns) ?? 0) * (d.int(.samplesPerPixel) ?? 1) * bitsAllocated / 8
            let count = frameCount(file)
            if size > 0, native.count >= size * count {
                return (0..<count).map { Data(native[(native.startIndex + $0 * size)..<(native.startIndex + ($0 + 1) * size)]) }
            }
        }
        return try (0..<frameCount(file)).map { try Self.bytes(of: file.decodeFrame($0), bitsAllocated: bitsAllocated) }
    }

    public func transcode(_ file: DICOMFile, to syntax: TransferSyntax) throws -> Data {
        if [TransferSyntax.rleLossless, .jpegLSLossless, .jpegBaseline, .jpeg2000Lossless].contains(syntax) {
            return try encapsulate(file, as: syntax)
        }
        guard !syntax.isEncapsulated else {
            throw ServiceError(.failedPrecondition, "encoding pixel data as \(syntax.name) is not available yet; export as application/dicom with a native transfer syntax, or as is")
        }
        let bitsAllocated = file.dataSet.int(.bitsAllocated) ?? 16
        var pixels = Data()
        var photometric: String?
        for index in 0..<frameCount(file) {
            let frame = try file.decodeFrame(index)
            photometric = frame.photometricInterpretation.rawValue
            pixels.append(try Self.bytes(of: frame, bitsAllocated: bitsAllocated))
        }
        var dataSet = file.dataSet
        dataSet.set(DataElement(tag: .pixelData, vr: bitsAllocated > 8 ? .OW : .OB, bytes: pixels))
        dataSet[.extendedOffsetTable] = nil
        dataSet[.extendedOffsetTableLengths] = nil
        if let photometric { dataSet.set(.text(Tag(0x0028_0004), .CS, photometric)) }
        if (dataSet.int(.samplesPerPixel) ?? 1) > 1 {
            dataSet.set(DataElement(tag: Tag(0x0028_0006), vr: .US, bytes: Data([0, 0])))
        }
        return try DICOMFile(preamble: file.preamble, fileMetaInformation: file.fileMetaInformation, dataSet: dataSet,
                             transferSyntax: syntax).encoded(as: syntax)
    }

    /// RLE Lossless or JPEG-LS lossless: each frame (decoded first if compressed) as one fragment, with a
    /// Basic Offset Table.
    func encapsulate(_ file: DICOMFile, as syntax: TransferSyntax) throws -> Data {
        let d = file.dataSet
        let rows = d.int(.rows) ?? 0, columns = d.int(.columns) ?? 0
        let samples = d.int(.samplesPerPixel) ?? 1, bitsAllocated = d.int(.bitsAllocated) ?? 16
        let native = syntax == .jpeg2000Lossless ? [] : try uncompressedFrames(of: file)
        var encoded: [Data] = []
        if syntax == .jpeg2000Lossless {
            for index in 0..<frameCount(file) {
                let frame = try file.decodeFrame(index)
                guard [.monochrome1, .monochrome2, .rgb, .paletteColor].contains(frame.photometricInterpretation) else {
                    throw ServiceError(.failedPrecondition, "JPEG 2000 encoding of \(frame.photometricInterpretation.rawValue) samples is not supported")
                }
                encoded.append(try JPEG2000Encoder.encode(frame))
            }
        }
        var fragments: [Data] = []
        var offsets = Data()
        var position: UInt32 = 0
        for frame in native + encoded {
            let fragment: Data
            switch syntax {
            case .rleLossless:
                fragment = try RLEEncoder.encode(frame: frame, rows: rows, columns: columns, samplesPerPixel: samples, bitsAllocated: bitsAllocated)
            case .jpeg2000Lossless:
                fragment = frame  // already a codestream
            case .jpegLSLossless:
                fragment = try JPEGLSEncoder.encode(frame: frame, rows: rows, columns: columns, samplesPerPixel: samples,
                                                    bitsAllocated: bitsAllocated, bitsStored: d.int(Tag(0x0028_0101)) ?? bitsAllocated)
            default:
                fragment = try baselineJPEG(frame, file: file, rows: rows, columns: columns, samples: samples)
            }
            withUnsafeBytes(of: position.littleEndian) { offsets.append(contentsOf: $0) }
            position += UInt32(8 + fragment.count + fragment.count % 2)
            fragments.append(fragment)
        }
        var dataSet = d
        dataSet.set(DataElement(tag: .pixelData, vr: .OB, value: .fragments(EncapsulatedPixelData(basicOffsetTable: offsets, fragments: fragments))))
        dataSet[.extendedOffsetTable] = nil
        dataSet[.extendedOffsetTableLengths] = nil
        if file.dataSet[.pixelData]?.fragments != nil, let frame = try? file.decodeFrame(0) {
            dataSet.set(.text(Tag(0x0028_0004), .CS, frame.photometricInterpretation.rawValue))
        }
        if samples > 1 { dataSet.set(DataElement(tag: Tag(0x0028_0006), vr: .US, bytes: Data([0, 0]))) }
        if syntax == .jpeg2000Lossless, samples == 3 { dataSet.set(.text(Tag(0x0028_0004), .CS, "YBR_RCT")) }
        if syntax == .jpegBaseline {
            // TurboJPEG writes colour as full-resolution YCbCr (4:4:4): YBR_FULL; and the image is now lossy.
            if samples == 3 { dataSet.set(.text(Tag(0x0028_0004), .CS, "YBR_FULL")) }
            dataSet.set(.text(Tag(0x0028_2110), .CS, "01"))
            dataSet.set(.text(Tag(0x0028_2114), .CS, "ISO_10918_1"))
        }
        return try DICOMFile(preamble: file.preamble, fileMetaInformation: file.fileMetaInformation, dataSet: dataSet,
                             transferSyntax: syntax).encoded(as: syntax)
    }

    /// Baseline JPEG (8-bit only): greyscale or RGB samples through TurboJPEG at quality 95.
    func baselineJPEG(_ frame: Data, file: DICOMFile, rows: Int, columns: Int, samples: Int) throws -> Data {
        let d = file.dataSet
        let photometric = (try? file.decodeFrame(0).photometricInterpretation.rawValue) ?? d.string(Tag(0x0028_0004)) ?? ""
        guard d.int(.bitsAllocated) == 8, (d.int(Tag(0x0028_0101)) ?? 8) == 8, (d.int(.pixelRepresentation) ?? 0) == 0,
              ["MONOCHROME1", "MONOCHROME2", "RGB"].contains(photometric), samples == 1 || samples == 3 else {
            throw ServiceError(.failedPrecondition, "JPEG baseline takes unsigned 8-bit greyscale or RGB images; this one is \(d.int(.bitsAllocated) ?? 0)-bit \(photometric)")
        }
        let image = RenderedImage(width: columns, height: rows, channels: samples, pixels: [UInt8](frame.prefix(rows * columns * samples)))
        return try image.jpegData(quality: 95)
    }

    func frameCount(_ file: DICOMFile) -> Int { max(1, file.dataSet.int(.numberOfFrames) ?? 1) }

    /// A decoded frame's samples in the native layout: little-endian, `bitsAllocated` per sample, interleaved.
    static func bytes(of frame: DecodedFrame, bitsAllocated: Int) throws -> Data {
        let values = frame.samples.integers
        switch bitsAllocated {
        case 8: return Data(values.map { UInt8(truncatingIfNeeded: $0) })
        case 16:
            var data = Data(capacity: values.count * 2)
            for value in values { withUnsafeBytes(of: UInt16(truncatingIfNeeded: value).littleEndian) { data.append(contentsOf: $0) } }
            return data
        case 32:
            var data = Data(capacity: values.count * 4)
            for value in values { withUnsafeBytes(of: UInt32(truncatingIfNeeded: value).littleEndian) { data.append(contentsOf: $0) } }
            return data
        default:
            throw ServiceError(.failedPrecondition, "uncompressed export of \(bitsAllocated)-bit pixel data is not supported")
        }
    }
}
