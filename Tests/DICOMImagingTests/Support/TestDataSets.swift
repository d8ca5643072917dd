import DICOM
import Foundation
@testable import DICOMImaging

/// Small data sets built by hand for the imaging tests.
enum TestDataSets {
    /// Little-endian bytes of integers of a given width.
    static func bytes<T: FixedWidthInteger>(_ values: [T]) -> Data {
        var data = Data()
        for value in values { withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) } }
        return data
    }

    /// A text element, padded to even length.
    static func text(_ tag: DICOM.Tag, _ vr: VR, _ value: String) -> DataElement {
        var data = Data(value.utf8)
        if data.count % 2 == 1 { data.append(vr == .UI ? 0 : 0x20) }
        return DataElement(tag: tag, vr: vr, bytes: data)
    }

    /// An unsigned short element.
    static func us(_ tag: DICOM.Tag, _ values: UInt16...) -> DataElement {
        DataElement(tag: tag, vr: .US, bytes: bytes(values))
    }

    /// An Image Pixel module with native Pixel Data.
    static func image(rows: Int, columns: Int, samples: Int = 1, allocated: Int, stored: Int? = nil, highBit: Int? = nil,
                      signed: Bool = false, photometric: String = "MONOCHROME2", planar: Int? = nil, frames: Int? = nil,
                      pixelData: Data, extra: [DataElement] = []) -> DataSet {
        var elements = [
            us(.samplesPerPixel, UInt16(samples)), text(ImagingTag.photometricInterpretation, .CS, photometric),
            us(.rows, UInt16(rows)), us(.columns, UInt16(columns)), us(.bitsAllocated, UInt16(allocated)),
            us(ImagingTag.bitsStored, UInt16(stored ?? allocated)), us(ImagingTag.highBit, UInt16(highBit ?? (stored ?? allocated) - 1)),
            us(.pixelRepresentation, signed ? 1 : 0),
            DataElement(tag: .pixelData, vr: allocated > 8 ? .OW : .OB, bytes: pixelData),
        ]
        if let planar { elements.append(us(ImagingTag.planarConfiguration, UInt16(planar))) }
        if let frames { elements.append(text(.numberOfFrames, .IS, String(frames))) }
        return DataSet(elements + extra)
    }

    /// Decodes and renders frame `index` of a hand-built data set.
    static func render(_ dataSet: DataSet, frame index: Int = 0, syntax: TransferSyntax = .explicitVRLittleEndian,
                       options: RenderOptions = RenderOptions()) throws -> RenderedImage {
        let description = try PixelDescription(dataSet: dataSet, transferSyntax: syntax)
        let frame = try PixelDataDecoder.decodeFrame(index, of: dataSet, description: description)
        return try FrameRenderer(dataSet: dataSet).render(frame, frameIndex: index, options: options)
    }
}
