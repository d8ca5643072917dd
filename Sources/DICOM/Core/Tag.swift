/// A DICOM attribute tag: a 16-bit group and a 16-bit element number, ordered as the standard orders
/// data elements in a data set (by group, then element).
public struct Tag: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The tag as one 32-bit number, group in the high half: `0x7FE00010` is Pixel Data.
    public let rawValue: UInt32

    /// Creates a tag from its 32-bit form (`0xGGGGEEEE`).
    @inlinable public init(_ rawValue: UInt32) { self.rawValue = rawValue }

    /// Creates a tag from its group and element numbers.
    @inlinable public init(group: UInt16, element: UInt16) {
        rawValue = UInt32(group) << 16 | UInt32(element)
    }

    /// The group number (the first half of `(gggg,eeee)`).
    @inlinable public var group: UInt16 { UInt16(truncatingIfNeeded: rawValue >> 16) }
    /// The element number (the second half of `(gggg,eeee)`).
    @inlinable public var element: UInt16 { UInt16(truncatingIfNeeded: rawValue) }

    /// True for tags in odd groups other than 0001, 0003, 0005, 0007 and FFFF: private data elements.
    public var isPrivate: Bool { group & 1 == 1 && group > 0x0007 && group != 0xFFFF }
    /// True for private creator elements `(gggg,0010)`–`(gggg,00FF)` in a private group.
    public var isPrivateCreator: Bool { isPrivate && element >= 0x0010 && element <= 0x00FF }
    /// True for group length elements `(gggg,0000)`.
    public var isGroupLength: Bool { element == 0 }

    /// `(GGGG,EEEE)` in upper-case hexadecimal, as dcmdump prints tags.
    public var description: String { "(\(Self.hex4(group)),\(Self.hex4(element)))" }

    /// `GGGGEEEE`: the form DICOM JSON uses for object keys and AT values.
    public var jsonKey: String { Self.hex4(group) + Self.hex4(element) }

    /// Parses the DICOM JSON key form `GGGGEEEE` (eight hexadecimal digits).
    public init?(jsonKey: String) {
        guard jsonKey.utf8.count == 8, let value = UInt32(jsonKey, radix: 16) else { return nil }
        rawValue = value
    }

    @inlinable public static func < (lhs: Tag, rhs: Tag) -> Bool { lhs.rawValue < rhs.rawValue }

    static func hex4(_ value: UInt16) -> String {
        let digits = Array("0123456789ABCDEF".utf8)
        var out = [UInt8](repeating: 0, count: 4)
        for i in 0..<4 { out[i] = digits[Int(value >> (12 - 4 * i)) & 0xF] }
        return String(decoding: out, as: UTF8.self)
    }
}

extension Tag {
    /// (0002,0000) File Meta Information Group Length.
    public static let fileMetaInformationGroupLength = Tag(0x0002_0000)
    /// (0002,0001) File Meta Information Version.
    public static let fileMetaInformationVersion = Tag(0x0002_0001)
    /// (0002,0002) Media Storage SOP Class UID.
    public static let mediaStorageSOPClassUID = Tag(0x0002_0002)
    /// (0002,0003) Media Storage SOP Instance UID.
    public static let mediaStorageSOPInstanceUID = Tag(0x0002_0003)
    /// (0002,0010) Transfer Syntax UID.
    public static let transferSyntaxUID = Tag(0x0002_0010)
    /// (0002,0012) Implementation Class UID.
    public static let implementationClassUID = Tag(0x0002_0012)
    /// (0002,0013) Implementation Version Name.
    public static let implementationVersionName = Tag(0x0002_0013)
    /// (0008,0005) Specific Character Set.
    public static let specificCharacterSet = Tag(0x0008_0005)
    /// (0008,0016) SOP Class UID.
    public static let sopClassUID = Tag(0x0008_0016)
    /// (0008,0018) SOP Instance UID.
    public static let sopInstanceUID = Tag(0x0008_0018)
    /// (0008,0020) Study Date.
    public static let studyDate = Tag(0x0008_0020)
    /// (0008,0060) Modality.
    public static let modality = Tag(0x0008_0060)
    /// (0008,1030) Study Description.
    public static let studyDescription = Tag(0x0008_1030)
    /// (0010,0010) Patient's Name.
    public static let patientName = Tag(0x0010_0010)
    /// (0010,0020) Patient ID.
    public static let patientID = Tag(0x0010_0020)
    /// (0020,000D) Study Instance UID.
    public static let studyInstanceUID = Tag(0x0020_000D)
    /// (0020,000E) Series Instance UID.
    public static let seriesInstanceUID = Tag(0x0020_000E)
    /// (0020,0011) Series Number.
    public static let seriesNumber = Tag(0x0020_0011)
    /// (0020,0013) Instance Number.
    public static let instanceNumber = Tag(0x0020_0013)
    /// (0028,0002) Samples per Pixel.
    public static let samplesPerPixel = Tag(0x0028_0002)
    /// (0028,0008) Number of Frames.
    public static let numberOfFrames = Tag(0x0028_0008)
    /// (0028,0010) Rows.
    public static let rows = Tag(0x0028_0010)
    /// (0028,0011) Columns.
    public static let columns = Tag(0x0028_0011)
    /// (0028,0100) Bits Allocated.
    public static let bitsAllocated = Tag(0x0028_0100)
    /// (0028,0103) Pixel Representation.
    public static let pixelRepresentation = Tag(0x0028_0103)
    /// (7FE0,0001) Extended Offset Table.
    public static let extendedOffsetTable = Tag(0x7FE0_0001)
    /// (7FE0,0002) Extended Offset Table Lengths.
    public static let extendedOffsetTableLengths = Tag(0x7FE0_0002)
    /// (7FE0,0010) Pixel Data.
    public static let pixelData = Tag(0x7FE0_0010)
    /// (FFFE,E000) Item.
    public static let item = Tag(0xFFFE_E000)
    /// (FFFE,E00D) Item Delimitation Item.
    public static let itemDelimitation = Tag(0xFFFE_E00D)
    /// (FFFE,E0DD) Sequence Delimitation Item.
    public static let sequenceDelimitation = Tag(0xFFFE_E0DD)
}
