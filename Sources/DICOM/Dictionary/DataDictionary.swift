/// One entry of the DICOM data dictionary (PS3.6): what a tag is called and how its value is encoded.
public struct DictionaryEntry: Sendable, Equatable {
    /// The tag the entry describes; for a repeating-group entry such as `(60xx,3000)`, the tag that was asked for.
    public let tag: Tag
    /// The value representation, or the alternatives in dictionary order (e.g. `[.US, .SS]`);
    /// empty for the item and delimitation tags `(FFFE,xxxx)`, which have no VR.
    public let vrs: [VR]
    /// The value multiplicity as the standard writes it: `"1"`, `"1-n"`, `"2-2n"`, ...
    public let vm: String
    /// The attribute keyword (e.g. `PatientName`); empty for a few retired entries that have none.
    public let keyword: String
    /// The attribute name (e.g. `Patient's Name`).
    public let name: String
    /// True when the standard has retired the attribute.
    public let isRetired: Bool

    /// The first (usually the only) value representation, or `nil` for item and delimitation tags.
    public var vr: VR? { vrs.first }
}

/// The DICOM data dictionary (PS3.6, as tabulated by pydicom): tag ↔ keyword, VR, VM, name and retirement.
///
/// Look-ups try, in order: the exact tag; the repeating-group entries (`50xx`, `60xx`, `7Fxx`, ...; never
/// for private tags); a group length `(gggg,0000)` (UL, `GenericGroupLength`); a private creator
/// `(gggg,0010-00FF)` in an odd group above 0007 (LO, `PrivateCreator`). Other tags, including every
/// private tag that is not a creator, have no entry.
///
/// All data is immutable and the tables are initialised lazily and thread-safely, so every function can be
/// called from any thread or task.
public enum DataDictionary {
    private typealias Tables = GeneratedDictionary

    /// The entry for a tag, or `nil` when the dictionary does not describe it.
    public static func entry(for tag: Tag) -> DictionaryEntry? {
        if let index = exactIndex(of: tag.rawValue) {
            return makeEntry(tag, code: Tables.codes[index], line: entryLines.fields(index))
        }
        if let index = repeaterIndex(of: tag) {
            return makeEntry(tag, code: Tables.repeaterCodes[index], line: repeaterLines.fields(index))
        }
        if tag.isGroupLength {
            return DictionaryEntry(tag: tag, vrs: [.UL], vm: "1", keyword: "GenericGroupLength",
                                   name: "Group Length", isRetired: false)
        }
        if tag.isPrivateCreator {
            return DictionaryEntry(tag: tag, vrs: [.LO], vm: "1", keyword: "PrivateCreator",
                                   name: "Private Creator", isRetired: false)
        }
        return nil
    }

    /// The value representations for a tag (one VR, or the alternatives in dictionary order), following the
    /// same rules as ``entry(for:)``; empty for item and delimitation tags; `nil` for unknown tags.
    ///
    /// This is the hot path of implicit-VR parsing: it builds no strings and allocates nothing (the slice
    /// shares storage with a static table).
    @inline(__always)
    public static func vrs(for tag: Tag) -> ArraySlice<VR>? {
        if let index = exactIndex(of: tag.rawValue) { return vrSets[Int(Tables.codes[index] & vrSetMask)] }
        return fallbackVRs(for: tag)
    }

    /// The keyword of a tag (e.g. `PatientName` for `(0010,0010)`), or `nil` when the tag is unknown or its
    /// entry has no keyword.
    public static func keyword(for tag: Tag) -> String? {
        let keyword: String
        if let index = exactIndex(of: tag.rawValue) {
            keyword = entryKeywords[index]
        } else if let index = repeaterIndex(of: tag) {
            keyword = repeaterKeywords[index]
        } else {
            return entry(for: tag).map(\.keyword)
        }
        return keyword.isEmpty ? nil : keyword
    }

    /// Every entry's keyword, split out once: `keyword(for:)` is called for every element a dump prints.
    private static let entryKeywords: [String] = (0..<entryLines.count).map { String(entryLines.field(0, of: $0)) }
    private static let repeaterKeywords: [String] = (0..<repeaterLines.count).map { String(repeaterLines.field(0, of: $0)) }

    /// The tag for a keyword (e.g. `(0010,0010)` for `PatientName`), or `nil` when no entry has it.
    ///
    /// A repeating-group keyword maps to the lowest matching tag that has no entry of its own, e.g.
    /// `OverlayData` to `(6000,3000)`, so `entry(for:)` of the result gives back the same keyword.
    public static func tag(forKeyword keyword: String) -> Tag? {
        keywordIndex[keyword].map(Tag.init)
    }

    /// The number of tags with an exact entry (repeating-group masks and the generic group length and
    /// private creator rules not counted).
    public static var count: Int { Tables.tags.count }

    // MARK: - Internals

    private static let vrSetMask: UInt16 = ~GeneratedDictionary.retiredBit

    /// `vrSets` as slices, so ``vrs(for:)`` returns a stored slice without retaining an inner array.
    private static let vrSets: [ArraySlice<VR>] = Tables.vrSets.map { $0[...] }
    private static let groupLengthVRs: ArraySlice<VR> = [.UL]
    private static let privateCreatorVRs: ArraySlice<VR> = [.LO]

    private static let entryLines = PackedLines(Tables.text)
    private static let repeaterLines = PackedLines(Tables.repeaterText)

    /// Keyword → tag for every exact and repeating-group entry that has a keyword.
    private static let keywordIndex: [String: UInt32] = {
        var index = [String: UInt32](minimumCapacity: Tables.tags.count + Tables.repeaterKeywordTags.count)
        for (i, tag) in Tables.tags.enumerated() {
            let keyword = entryLines.field(0, of: i)
            if !keyword.isEmpty { index[String(keyword)] = tag }
        }
        for (i, tag) in Tables.repeaterKeywordTags.enumerated() {
            let keyword = repeaterLines.field(0, of: i)
            if !keyword.isEmpty { index[String(keyword)] = tag }
        }
        return index
    }()

    /// The exact tags, in ascending order (for tests and tools).
    static var allTags: LazyMapSequence<[UInt32], Tag> { Tables.tags.lazy.map(Tag.init) }

    /// Binary search for an exact entry.
    @inline(__always)
    static func exactIndex(of raw: UInt32) -> Int? {
        Tables.tags.sortedIndex(of: raw)
    }

    /// The repeating-group entry matching a tag; private tags never match.
    static func repeaterIndex(of tag: Tag) -> Int? {
        guard !tag.isPrivate else { return nil }
        let raw = tag.rawValue
        return Tables.repeaterMasks.withUnsafeBufferPointer { masks in
            Tables.repeaterValues.withUnsafeBufferPointer { values in
                for i in 0..<masks.count where raw & masks[i] == values[i] { return i }
                return nil
            }
        }
    }

    private static func fallbackVRs(for tag: Tag) -> ArraySlice<VR>? {
        if let index = repeaterIndex(of: tag) { return vrSets[Int(Tables.repeaterCodes[index] & vrSetMask)] }
        if tag.isGroupLength { return groupLengthVRs }
        if tag.isPrivateCreator { return privateCreatorVRs }
        return nil
    }

    private static func makeEntry(_ tag: Tag, code: UInt16, line: [Substring]) -> DictionaryEntry {
        DictionaryEntry(tag: tag, vrs: Tables.vrSets[Int(code & vrSetMask)], vm: String(line[2]),
                        keyword: String(line[0]), name: String(line[1]),
                        isRetired: code & Tables.retiredBit != 0)
    }
}

/// The registry of DICOM unique identifiers (PS3.6 Annex A): transfer syntaxes, SOP classes, well-known
/// instances, coding schemes, ...
public enum UIDDictionary {
    /// One registered UID.
    public struct Entry: Sendable, Equatable {
        /// The UID itself, e.g. `1.2.840.10008.1.2.1`.
        public let uid: String
        /// Its name, e.g. `Explicit VR Little Endian`.
        public let name: String
        /// Its kind as the standard names it, e.g. `Transfer Syntax`, `SOP Class`, `Well-known SOP Instance`.
        public let type: String
        /// Its keyword, e.g. `ExplicitVRLittleEndian` (empty when the registry gives none).
        public let keyword: String
        /// True when the standard has retired the UID.
        public let isRetired: Bool
    }

    /// The registry entry for a UID, or `nil` when it is not a registered DICOM UID.
    public static func entry(for uid: String) -> Entry? { entries[uid] }

    /// The registered name of a UID (e.g. `Explicit VR Little Endian`), or `nil` when it is not registered.
    public static func name(for uid: String) -> String? { entries[uid]?.name }

    /// Every registered UID, parsed once on first use.
    static let entries: [String: Entry] = {
        let lines = PackedLines(GeneratedDictionary.uidText)
        var entries = [String: Entry](minimumCapacity: lines.count)
        for i in 0..<lines.count {
            let fields = lines.fields(i)
            let uid = String(fields[0])
            entries[uid] = Entry(uid: uid, name: String(fields[1]), type: String(fields[2]),
                                 keyword: String(fields[3]), isRetired: fields[4] == "1")
        }
        return entries
    }()
}

/// A block of text holding one record per line, fields separated by tabs, with O(1) access to any line.
struct PackedLines: Sendable {
    /// The whole text.
    let text: String
    /// The UTF-8 offset of the start of each line, then one past the end of the text.
    private let starts: [Int]

    /// Indexes the lines of `text` (which must not end with a line break).
    init(_ text: String) {
        self.text = text
        var starts = [0]
        for (offset, byte) in text.utf8.enumerated() where byte == 0x0A { starts.append(offset + 1) }
        starts.append(text.utf8.count + 1)
        self.starts = starts
    }

    /// The number of lines.
    var count: Int { starts.count - 1 }

    /// Line `index`, without its line break.
    func line(_ index: Int) -> Substring {
        let utf8 = text.utf8
        let start = utf8.index(utf8.startIndex, offsetBy: starts[index])
        let end = utf8.index(utf8.startIndex, offsetBy: starts[index + 1] - 1)
        return text[start..<end]
    }

    /// The tab-separated fields of line `index` (empty fields kept).
    func fields(_ index: Int) -> [Substring] {
        line(index).split(separator: "\t", omittingEmptySubsequences: false)
    }

    /// Field `field` of line `index`, or an empty substring when the line has fewer fields.
    func field(_ field: Int, of index: Int) -> Substring {
        let line = line(index)
        var start = line.startIndex
        for _ in 0..<field {
            guard let tab = line[start...].firstIndex(of: "\t") else { return line[line.endIndex...] }
            start = line.index(after: tab)
        }
        return line[start..<(line[start...].firstIndex(of: "\t") ?? line.endIndex)]
    }
}
