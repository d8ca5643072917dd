import Foundation
import Testing
@testable import DICOM

@Suite("Parsing hand-built encodings")
struct ParserTests {
    @Test("explicit VR little endian Part 10 with preamble")
    func explicitLittleEndian() throws {
        var body = Bytes()
        body.explicitText(0x0008_0060, "CS", "MR")
        body.explicitText(0x0010_0010, "PN", "Doe^John")
        body.explicit(0x0028_0010, "US", [0x00, 0x02])
        let file = try DICOMFile(data: Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data))
        #expect(file.preamble?.count == 128)
        #expect(file.transferSyntax == .explicitVRLittleEndian)
        #expect(file.dataSet.string(.modality) == "MR")
        #expect(file.dataSet.string(.patientName) == "Doe^John")
        #expect(file.dataSet.int(.rows) == 512)
        #expect(file.fileMetaInformation.string(.mediaStorageSOPInstanceUID) == "1.2.3.4")
        #expect(file.warnings.isEmpty)
    }

    @Test("raw data sets without meta: implicit LE, explicit LE and explicit BE are told apart")
    func rawDataSetDetection() throws {
        var implicit = Bytes()
        implicit.implicitText(0x0008_0060, "CT")
        implicit.implicit(0x0028_0010, [0x10, 0x00])
        let a = try DICOMFile(data: Data(implicit.data))
        #expect(a.transferSyntax == .implicitVRLittleEndian)
        #expect(a.dataSet[.rows]?.vr == .US)
        #expect(a.dataSet.int(.rows) == 16)

        var big = Bytes(bigEndian: true)
        big.explicitText(0x0008_0060, "CS", "CT")
        big.explicit(0x0028_0010, "US", [0x00, 0x10])
        let b = try DICOMFile(data: Data(big.data))
        #expect(b.transferSyntax == .explicitVRBigEndian)
        #expect(b.dataSet.int(.rows) == 16)
        // Values are kept little-endian in memory whatever the input byte order.
        #expect(b.dataSet[.rows]?.bytes.map { [UInt8]($0) } == [0x10, 0x00])
    }

    @Test("nested sequences of defined and undefined length, empty items and empty sequences")
    func nestedSequences() throws {
        var body = Bytes()
        body.explicitUndefined(0x0008_1140, "SQ")       // ReferencedImageSequence, undefined length
        body.item()
        body.explicitText(0x0008_1150, "UI", "1.2.3")
        body.explicitUndefined(0x0040_A730, "SQ")       // nested ContentSequence
        body.item(length: 0)                            // empty defined-length item
        body.item()
        body.itemEnd()                                  // empty undefined-length item
        body.sequenceEnd()
        body.itemEnd()
        body.sequenceEnd()
        var inner = Bytes()
        inner.explicitText(0x0008_0100, "SH", "CODE")
        var definedItem = Bytes()
        definedItem.item(length: UInt32(inner.data.count))
        definedItem.data += inner.data
        body.explicit(0x0040_0260, "SQ", definedItem.data)   // defined-length sequence, defined-length item
        body.explicit(0x0040_0275, "SQ", [])                 // zero items
        let file = try DICOMFile(data: Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data))
        let outer = try #require(file.dataSet[Tag(0x0008_1140)]?.items)
        #expect(outer.count == 1)
        #expect(outer[0].string(Tag(0x0008_1150)) == "1.2.3")
        #expect(outer[0][Tag(0x0040_A730)]?.items?.map(\.count) == [0, 0])
        #expect(file.dataSet[Tag(0x0040_0260)]?.items?.first?.string(Tag(0x0008_0100)) == "CODE")
        #expect(file.dataSet[Tag(0x0040_0275)]?.items?.isEmpty == true)
        #expect(file.warnings.isEmpty)
    }

    @Test("undefined-length UN is a sequence encoded implicit VR LE (CP-246)")
    func undefinedLengthUN() throws {
        var body = Bytes()
        body.explicitUndefined(0x0009_0010 + 0x1000, "UN")  // (0009,1010) private, undefined length
        body.item()
        body.implicitText(0x0008_0060, "OT")                // implicit inside
        body.itemEnd()
        body.sequenceEnd()
        body.explicitText(0x0010_0020, "LO", "ID1")
        let file = try DICOMFile(data: Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data))
        let element = try #require(file.dataSet[Tag(0x0009_1010)])
        #expect(element.vr == .SQ)
        #expect(element.items?.first?.string(.modality) == "OT")
        #expect(file.dataSet.string(.patientID) == "ID1")
    }

    @Test("an implicit VR private item inside an explicit VR file is detected")
    func implicitItemInExplicitFile() throws {
        var item = Bytes()
        item.implicitText(0x0029_0010, "CREATOR")
        item.implicitText(0x0029_1001, "VALUE")
        var body = Bytes()
        body.explicitUndefined(0x0029_1010, "SQ")
        body.item(length: UInt32(item.data.count))
        body.data += item.data
        body.sequenceEnd()
        let file = try DICOMFile(data: Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data))
        let first = try #require(file.dataSet[Tag(0x0029_1010)]?.items?.first)
        #expect(first[Tag(0x0029_0010)]?.vr == .LO)
        #expect(first[Tag(0x0029_1001)]?.vr == .UN)
        #expect(first[Tag(0x0029_1001)]?.bytes.map { String(decoding: $0, as: UTF8.self) } == "VALUE ")
    }

    @Test("odd lengths are accepted as they are")
    func oddLength() throws {
        var body = Bytes()
        body.explicit(0x0010_0020, "LO", Array("ABC".utf8))
        body.explicitText(0x0010_0030, "DA", "20260101")
        let file = try DICOMFile(data: Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data))
        #expect(file.dataSet.string(.patientID) == "ABC")
        #expect(file.dataSet.string(Tag(0x0010_0030)) == "20260101")
    }

    @Test("encapsulated pixel data: offset table, fragments, and a missing delimiter at the end")
    func encapsulatedPixelData() throws {
        var body = Bytes()
        body.explicit(0x0028_0008, "IS", Array("2 ".utf8))
        body.explicitUndefined(0x7FE0_0010, "OB")
        body.item(length: 8)
        body.u32(0)
        body.u32(12)
        body.item(length: 4); body.data += [1, 2, 3, 4]
        body.item(length: 2); body.data += [5, 6]
        let data = Bytes.part10(syntax: "1.2.840.10008.1.2.4.50", body: body.data)
        let file = try DICOMFile(data: data)
        let pixels = try #require(file.dataSet[.pixelData]?.fragments)
        #expect(pixels.offsets == [0, 12])
        #expect(pixels.fragments.map { [UInt8]($0) } == [[1, 2, 3, 4], [5, 6]])
        #expect(file.warnings.contains { $0.contains("no sequence delimiter") })
    }

    @Test("header-only reading stops before Pixel Data")
    func stopBeforePixels() throws {
        var body = Bytes()
        body.explicitText(0x0008_0060, "CS", "CT")
        body.explicit(0x7FE0_0010, "OW", [UInt8](repeating: 7, count: 64))
        body.explicit(0xFFFC_FFFC, "OB", [0, 0])  // trailing padding after Pixel Data is kept on a full read
        let data = Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data)
        let header = try DICOMFile(data: data, options: .headerOnly)
        #expect(header.isPartial)
        #expect(header.dataSet[.pixelData] == nil)
        let full = try DICOMFile(data: data)
        #expect(!full.isPartial)
        #expect(full.dataSet[.pixelData]?.bytes?.count == 64)
        #expect(full.dataSet[Tag(0xFFFC_FFFC)] != nil)
    }
}
