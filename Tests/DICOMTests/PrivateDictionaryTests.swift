import Testing
@testable import DICOM

/// Facts checked against pydicom 3.0.2 (`pydicom.datadict.get_private_entry`, `private_dictionary_VR`).
@Suite("Private data dictionary")
struct PrivateDictionaryTests {
    @Test func gemsIdentification() throws {
        let tag = Tag(0x0009_1001)
        let entry = try #require(PrivateDictionary.entry(creator: "GEMS_IDEN_01", tag: tag))
        #expect(entry.tag == tag)
        #expect(entry.vrs == [.LO])
        #expect(entry.vr == .LO)
        #expect(entry.vm == "1")
        #expect(entry.name == "Full fidelity")
        #expect(entry.keyword == "")
        #expect(!entry.isRetired)
        #expect(PrivateDictionary.vrs(creator: "GEMS_IDEN_01", tag: tag).map(Array.init) == [.LO])
    }

    @Test func siemensCSAHeaderInAnyBlock() throws {
        let inBlock10 = Tag(group: 0x0029, element: 0x1010)
        let inBlock11 = Tag(group: 0x0029, element: 0x1110)
        let entry = try #require(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: inBlock10))
        #expect(entry.vrs == [.OB])
        #expect(entry.name == "CSA Image Header Info")
        let other = try #require(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: inBlock11))
        #expect(other.tag == inBlock11)
        #expect(other.vrs == entry.vrs && other.name == entry.name && other.vm == entry.vm)
        #expect(PrivateDictionary.vrs(creator: "SIEMENS CSA HEADER", tag: inBlock11).map(Array.init) == [.OB])
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_1020))?.name
                == "CSA Series Header Info")
    }

    @Test func creatorIsTrimmedOfSpacesButOtherwiseExact() {
        let tag = Tag(0x0029_1010)
        #expect(PrivateDictionary.vrs(creator: "SIEMENS CSA HEADER ", tag: tag).map(Array.init) == [.OB])
        #expect(PrivateDictionary.vrs(creator: "  SIEMENS CSA HEADER", tag: tag).map(Array.init) == [.OB])
        #expect(PrivateDictionary.vrs(creator: "siemens csa header", tag: tag) == nil)
        #expect(PrivateDictionary.vrs(creator: "SIEMENS CSA HEADER X", tag: tag) == nil)
    }

    @Test func unknownCreatorOrElement() {
        #expect(PrivateDictionary.entry(creator: "NO SUCH CREATOR", tag: Tag(0x0029_1010)) == nil)
        #expect(PrivateDictionary.vrs(creator: "NO SUCH CREATOR", tag: Tag(0x0029_1010)) == nil)
        #expect(PrivateDictionary.vrs(creator: "", tag: Tag(0x0029_1010)) == nil)
        // Known creator, element it does not describe, or another group.
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_1011)) == nil)
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0019_1010)) == nil)
        // The creator element itself is not a block element: no masked match.
        #expect(PrivateDictionary.entry(creator: "SIEMENS CSA HEADER", tag: Tag(0x0029_0010)) == nil)
    }

    @Test func creatorCount() {
        #expect(PrivateDictionary.creatorCount > 400)
        #expect(PrivateDictionary.creatorCount == PrivateDictionary.allCreators.count)
        #expect(PrivateDictionary.entryCount > 10_000)
        #expect(PrivateDictionary.allCreators.contains("SIEMENS CSA HEADER"))
    }

    /// pydicom's `charset_files/chrJapMulti.dcm` has (0019,0010) "AGFA" with (0019,1010) SH, (0019,1013) LO and
    /// (0019,1015) LO; pydicom's private dictionary gives the same VRs.
    @Test func agfaElementsOfChrJapMulti() throws {
        let expected: [(UInt32, VR, String)] = [
            (0x0019_1010, .SH, "Private Identification Code"),
            (0x0019_1013, .LO, "Sensitometry Name"),
            (0x0019_1015, .LO, "Dose Monitoring List"),
        ]
        for (raw, vr, name) in expected {
            let entry = try #require(PrivateDictionary.entry(creator: "AGFA", tag: Tag(raw)))
            #expect(entry.vrs == [vr])
            #expect(entry.name == name)
            #expect(PrivateDictionary.vrs(creator: "AGFA", tag: Tag(raw)).map(Array.init) == [vr])
        }
    }

    @Test func alternativeVRs() {
        // pydicom writes these as "US or SS" and "OB_OW".
        #expect(PrivateDictionary.entry(creator: "FDMS 1.0", tag: Tag(0x0027_10A3))?.vrs == [.US, .SS])
        #expect(PrivateDictionary.entry(creator: "FDMS 1.0", tag: Tag(0x0027_10A3))?.vm == "1-n")
        #expect(PrivateDictionary.vrs(creator: "TOSHIBA_MEC_OT3", tag: Tag(0x7019_1080)).map(Array.init) == [.OB, .OW])
    }

    @Test func fullTagEntryTakesPrecedenceOverBlockMask() {
        // ELSCINT1 has both 01F11026 (FD, Pitch) and 01F1xx26 (DS, Pitch).
        #expect(PrivateDictionary.entry(creator: "ELSCINT1", tag: Tag(0x01F1_1026))?.vrs == [.FD])
        #expect(PrivateDictionary.entry(creator: "ELSCINT1", tag: Tag(0x01F1_1126))?.vrs == [.DS])
        #expect(PrivateDictionary.entry(creator: "ELSCINT1", tag: Tag(0x00E1_1021))?.name == "DLP")
        #expect(PrivateDictionary.entry(creator: "ELSCINT1", tag: Tag(0x00E1_1221))?.name == "Unknown")
    }

    @Test func groupMaskEntries() {
        // PAPYRUS 3.0 describes 60xxxx10 for every overlay group.
        for raw: UInt32 in [0x6000_1010, 0x60FE_2010] {
            let entry = PrivateDictionary.entry(creator: "PAPYRUS 3.0", tag: Tag(raw))
            #expect(entry?.name == "Overlay Rows")
            #expect(entry?.vrs == [.US])
        }
        #expect(PrivateDictionary.entry(creator: "PAPYRUS 3.0", tag: Tag(0x6200_1010)) == nil)
    }

    @Test func namesWithBackslashAndNonASCII() {
        let imageType = PrivateDictionary.entry(creator: "GEMS_IDEN_01", tag: Tag(0x0009_E0E2))
        #expect(imageType?.name == "Image Type (ORIGINAL\\PROSPECTIVE ...)")
        #expect(imageType?.vrs == [.LT])
        #expect(imageType?.vm == "1-n")
        let tan = PrivateDictionary.entry(creator: "FDMS 1.0", tag: Tag(0x0025_1034))
        #expect(tan?.name == "tan θ")
        #expect(tan?.vrs == [.SS])
    }
}
