import DICOM
import Foundation
import Testing
import TestSupport
@testable import DICOMImaging

@Suite("Pixel description")
struct PixelDescriptionTests {
    @Test("reads the Image Pixel module and applies the documented defaults")
    func reads() throws {
        let dataSet = TestDataSets.image(rows: 2, columns: 3, allocated: 16, stored: 12, signed: true, pixelData: Data(count: 12))
        let description = try PixelDescription(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian)
        #expect(description.rows == 2 && description.columns == 3 && description.samplesPerPixel == 1)
        #expect(description.bitsAllocated == 16 && description.bitsStored == 12 && description.highBit == 11)
        #expect(description.isSigned && !description.isPlanar && description.numberOfFrames == 1)
        #expect(description.photometricInterpretation == .monochrome2)
        #expect(description.nativeFrameLength == 12)
    }

    @Test("corpus files describe themselves")
    func corpus() throws {
        guard let url = Corpus.file("SC_rgb_rle_16bit_2frame.dcm") else { return }
        let description = try PixelDescription(file: DICOMFile(contentsOf: url))
        #expect(description.samplesPerPixel == 3 && description.bitsAllocated == 16 && description.numberOfFrames == 2)
        #expect(description.photometricInterpretation == .rgb && description.transferSyntax == .rleLossless)
    }

    @Test("missing attributes are named", arguments: [(DICOM.Tag.rows, "Rows"), (DICOM.Tag.columns, "Columns"),
                                                         (DICOM.Tag.bitsAllocated, "Bits Allocated"),
                                                         (ImagingTag.photometricInterpretation, "Photometric Interpretation")])
    func missing(_ tag: DICOM.Tag, _ name: String) throws {
        var dataSet = TestDataSets.image(rows: 2, columns: 2, allocated: 8, pixelData: Data(count: 4))
        dataSet[tag] = nil
        let error = try #require(throws: ImagingError.self) {
            try PixelDescription(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian)
        }
        #expect(error.kind == .missingAttribute && error.tag == tag)
        #expect(error.description.contains(name))
    }

    @Test("inconsistent attributes are refused with the reason")
    func inconsistent() throws {
        let cases: [(DataSet, DICOM.Tag, String)] = [
            (TestDataSets.image(rows: 2, columns: 2, allocated: 12, pixelData: Data()), .bitsAllocated, "Bits Allocated 12"),
            (TestDataSets.image(rows: 2, columns: 2, allocated: 8, stored: 9, pixelData: Data()), ImagingTag.bitsStored, "Bits Stored 9"),
            (TestDataSets.image(rows: 2, columns: 2, allocated: 16, stored: 12, highBit: 16, pixelData: Data()), ImagingTag.highBit, "High Bit 16"),
            (TestDataSets.image(rows: 2, columns: 2, samples: 1, allocated: 8, photometric: "RGB", pixelData: Data()), .samplesPerPixel, "needs 3"),
            (TestDataSets.image(rows: 0, columns: 2, allocated: 8, pixelData: Data()), .rows, "Rows is 0"),
            (TestDataSets.image(rows: 2, columns: 2, allocated: 8, photometric: "HSV", pixelData: Data()),
             ImagingTag.photometricInterpretation, "\"HSV\""),
        ]
        for (dataSet, tag, words) in cases {
            let error = try #require(throws: ImagingError.self) {
                try PixelDescription(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian)
            }
            #expect(error.tag == tag && error.description.contains(words), "\(error)")
        }
    }

    @Test("a Number of Frames that is not a number is an error (badVR.dcm)")
    func badNumberOfFrames() throws {
        guard let url = Corpus.file("badVR.dcm") else { return }
        let error = try #require(throws: ImagingError.self) { try PixelDescription(file: DICOMFile(contentsOf: url)) }
        #expect(error.kind == .invalidAttribute && error.tag == .numberOfFrames && error.description.contains("1A"))
    }

    @Test("frames out of range and short Pixel Data are errors")
    func frameErrors() throws {
        let dataSet = TestDataSets.image(rows: 2, columns: 2, allocated: 16, frames: 2, pixelData: Data(count: 12))
        let description = try PixelDescription(dataSet: dataSet, transferSyntax: .explicitVRLittleEndian)
        #expect(try PixelDataDecoder.decodeFrame(0, of: dataSet, description: description).samples.count == 4)
        let short = try #require(throws: ImagingError.self) { try PixelDataDecoder.decodeFrame(1, of: dataSet, description: description) }
        #expect(short.kind == .corruptPixelData && short.description.contains("16 bytes"))
        let range = try #require(throws: ImagingError.self) { try PixelDataDecoder.decodeFrame(2, of: dataSet, description: description) }
        #expect(range.description.contains("frame 3 asked of 2"))
    }

    @Test("an unsupported transfer syntax is named")
    func unsupportedSyntax() throws {
        var dataSet = TestDataSets.image(rows: 1, columns: 1, allocated: 8, pixelData: Data())
        dataSet[.pixelData] = DataElement(tag: .pixelData, vr: .OB, value: .fragments(EncapsulatedPixelData(fragments: [Data([1, 2])])))
        let syntax = TransferSyntax.lookup("1.2.840.10008.1.2.4.100")
        let description = try PixelDescription(dataSet: dataSet, transferSyntax: syntax)
        let error = try #require(throws: ImagingError.self) { try PixelDataDecoder.decodeFrame(0, of: dataSet, description: description) }
        #expect(error.kind == .unsupported && error.description.contains("1.2.840.10008.1.2.4.100"))
    }
}
