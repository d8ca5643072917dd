import Testing
@testable import DICOM

@Suite("Data dictionary")
struct DataDictionaryTests {
    @Test func pixelDataIsOBOrOW() throws {
        let entry = try #require(DataDictionary.entry(for: .pixelData))
        #expect(entry.vrs == [.OB, .OW])
        #expect(entry.vr == .OB)
        #expect(entry.keyword == "PixelData")
        #expect(entry.name == "Pixel Data")
        #expect(!entry.isRetired)
        #expect(DataDictionary.vrs(for: .pixelData).map(Array.init) == [.OB, .OW])
    }

    @Test func smallestImagePixelValueIsUSOrSS() throws {
        let tag = Tag(group: 0x0028, element: 0x0106)
        let entry = try #require(DataDictionary.entry(for: tag))
        #expect(entry.name == "Smallest Image Pixel Value")
        #expect(entry.keyword == "SmallestImagePixelValue")
        #expect(entry.vrs == [.US, .SS])
        #expect(entry.vm == "1")
        #expect(DataDictionary.vrs(for: tag).map(Array.init) == [.US, .SS])
    }

    @Test func patientName() throws {
        let entry = try #require(DataDictionary.entry(for: .patientName))
        #expect(entry.tag == Tag(0x0010_0010))
        #expect(entry.vrs == [.PN])
        #expect(entry.vr == .PN)
        #expect(entry.vm == "1")
        #expect(entry.name == "Patient's Name")
        #expect(entry.keyword == "PatientName")
        #expect(DataDictionary.keyword(for: .patientName) == "PatientName")
        #expect(DataDictionary.tag(forKeyword: "PatientName") == .patientName)
        #expect(DataDictionary.tag(forKeyword: "NoSuchKeyword") == nil)
    }

    @Test func otherWellKnownEntries() throws {
        #expect(DataDictionary.entry(for: .transferSyntaxUID)?.vrs == [.UI])
        #expect(DataDictionary.entry(for: .rows)?.keyword == "Rows")
        #expect(DataDictionary.entry(for: Tag(0x0008_1115))?.vrs == [.SQ])
        #expect(DataDictionary.entry(for: Tag(0x0028_1200))?.vrs == [.US, .SS, .OW])
        #expect(DataDictionary.entry(for: Tag(0x0000_0000))?.keyword == "CommandGroupLength")
        #expect(DataDictionary.entry(for: .fileMetaInformationGroupLength)?.keyword == "FileMetaInformationGroupLength")
    }

    @Test func everyKeywordRoundTrips() {
        var withKeyword = 0
        var total = 0
        for tag in DataDictionary.allTags {
            total += 1
            guard let entry = DataDictionary.entry(for: tag) else {
                Issue.record("no entry for \(tag)")
                continue
            }
            #expect(entry.tag == tag)
            #expect(DataDictionary.vrs(for: tag).map(Array.init) == entry.vrs)
            guard !entry.keyword.isEmpty else { continue }
            withKeyword += 1
            #expect(DataDictionary.keyword(for: tag) == entry.keyword)
            #expect(DataDictionary.tag(forKeyword: entry.keyword) == tag, "\(entry.keyword)")
        }
        #expect(total == DataDictionary.count)
        #expect(DataDictionary.count > 5_000)
        // pydicom 3.0.2 lists six retired entries without a keyword.
        #expect(withKeyword > 5_000)
        #expect(withKeyword >= DataDictionary.count - 10)
    }

    @Test func repeatingGroups() throws {
        let tag = Tag(group: 0x6002, element: 0x3000)
        let entry = try #require(DataDictionary.entry(for: tag))
        #expect(entry.tag == tag)
        #expect(entry.keyword == "OverlayData")
        #expect(entry.name == "Overlay Data")
        #expect(entry.vrs == [.OB, .OW])
        #expect(DataDictionary.vrs(for: tag).map(Array.init) == [.OB, .OW])
        #expect(DataDictionary.keyword(for: tag) == "OverlayData")
        #expect(DataDictionary.entry(for: Tag(0x6000_0010))?.keyword == "OverlayRows")
        #expect(DataDictionary.entry(for: Tag(0x601E_0011))?.vrs == [.US])
        // Repeater keywords map to the first tag of the range without an entry of its own.
        #expect(DataDictionary.tag(forKeyword: "OverlayData") == Tag(0x6000_3000))
        // An exact entry wins over a repeater mask: (7FE0,0010) matches 7Fxx0010 too.
        #expect(DataDictionary.entry(for: .pixelData)?.keyword == "PixelData")
        #expect(DataDictionary.entry(for: Tag(0x7F00_0010))?.keyword == "VariablePixelData")
        // Odd groups are private: no repeater applies.
        #expect(DataDictionary.entry(for: Tag(0x6001_3000)) == nil)
    }

    @Test func privateCreatorsAndPrivateTags() throws {
        let creator = try #require(DataDictionary.entry(for: Tag(group: 0x0019, element: 0x0010)))
        #expect(creator.vrs == [.LO])
        #expect(creator.vm == "1")
        #expect(creator.keyword == "PrivateCreator")
        #expect(creator.name == "Private Creator")
        #expect(DataDictionary.vrs(for: Tag(0x0019_00FF)).map(Array.init) == [.LO])
        #expect(DataDictionary.entry(for: Tag(group: 0x0019, element: 0x1001)) == nil)
        #expect(DataDictionary.vrs(for: Tag(group: 0x0019, element: 0x1001)) == nil)
        #expect(DataDictionary.keyword(for: Tag(group: 0x0019, element: 0x1001)) == nil)
        #expect(DataDictionary.entry(for: Tag(0x0009_0100)) == nil)
    }

    @Test func groupLengths() throws {
        let entry = try #require(DataDictionary.entry(for: Tag(group: 0x0009, element: 0x0000)))
        #expect(entry.vrs == [.UL])
        #expect(entry.vm == "1")
        #expect(entry.keyword == "GenericGroupLength")
        #expect(entry.name == "Group Length")
        #expect(DataDictionary.vrs(for: Tag(0x0009_0000)).map(Array.init) == [.UL])
        #expect(DataDictionary.entry(for: Tag(0x0010_0000))?.vrs == [.UL])
    }

    @Test func itemTagsHaveNoVR() throws {
        let item = try #require(DataDictionary.entry(for: .item))
        #expect(item.vrs.isEmpty)
        #expect(item.vr == nil)
        #expect(item.keyword == "Item")
        #expect(DataDictionary.vrs(for: .sequenceDelimitation)?.isEmpty == true)
    }

    @Test func retiredTags() throws {
        // (0028,0040) Image Format, retired.
        let entry = try #require(DataDictionary.entry(for: Tag(0x0028_0040)))
        #expect(entry.keyword == "ImageFormat")
        #expect(entry.isRetired)
        #expect(DataDictionary.entry(for: .rows)?.isRetired == false)
    }

    @Test func unknownPublicTag() {
        #expect(DataDictionary.entry(for: Tag(0x0008_0003)) == nil)
        #expect(DataDictionary.vrs(for: Tag(0x0008_0003)) == nil)
    }

    @Test func transferSyntaxUIDs() throws {
        let entry = try #require(UIDDictionary.entry(for: "1.2.840.10008.1.2.1"))
        #expect(entry.name == "Explicit VR Little Endian")
        #expect(entry.type == "Transfer Syntax")
        #expect(entry.keyword == "ExplicitVRLittleEndian")
        #expect(!entry.isRetired)
        #expect(UIDDictionary.name(for: "1.2.840.10008.1.2") == "Implicit VR Little Endian")
        #expect(UIDDictionary.entry(for: "1.2.840.10008.1.2.2")?.isRetired == true)
        #expect(UIDDictionary.entry(for: "1.2.840.10008.5.1.4.1.1.2")?.type == "SOP Class")
        #expect(UIDDictionary.name(for: "1.2.3.4") == nil)
    }
}
