/// The private data dictionary (as tabulated by pydicom): what vendors' private data elements are called and
/// how their values are encoded, keyed by private creator.
///
/// A private data element `(gggg,xxee)` belongs to the block `xx` (0x10–0xFF) that the private creator
/// element `(gggg,00xx)` reserves; its meaning depends on the creator string and on `gggg` and `ee`, not on
/// the block it landed in. A look-up matches the creator exactly (after trimming leading and trailing
/// spaces) and tries, in pydicom's order: an entry for the full tag; an entry for `(gggg,xxee)`; an entry
/// for `(ggxx,xxee)` (a few creators describe whole ranges of groups). The two masked forms only apply to
/// elements in a block, `(gggg,1000)` and above, as pydicom's reader uses them.
///
/// All data is immutable and the tables are initialised lazily and thread-safely, so every function can be
/// called from any thread or task.
public enum PrivateDictionary {
    private typealias Tables = GeneratedPrivateDictionary

    /// The entry for a private data element (gggg,xxee) whose block xx is reserved by `creator` (the value of
    /// (gggg,00xx), trimmed of spaces), or `nil` when the dictionary does not describe it.
    ///
    /// Matching is on the creator string (exact after trimming leading and trailing spaces), the group (or
    /// masked group) and the element's low byte `ee`. Private entries have no keyword, so `keyword` is empty;
    /// an entry that pydicom gives no VR has `[.UN]`.
    public static func entry(creator: String, tag: Tag) -> DictionaryEntry? {
        guard let index = entryIndex(creator: creator, tag: tag) else { return nil }
        let code = Tables.codes[index]
        let line = entryLines.fields(index)
        return DictionaryEntry(tag: tag, vrs: Tables.vrSets[Int(code & vrSetMask)], vm: String(line[1]),
                               keyword: "", name: String(line[0]), isRetired: code & Tables.retiredBit != 0)
    }

    /// The value representations of a private data element (one VR, or the alternatives in dictionary order),
    /// following the same rules as ``entry(creator:tag:)``; `nil` when the creator or element is unknown.
    ///
    /// This is a hot path of implicit-VR parsing: apart from what the creator look-up needs (hashing the
    /// string) it builds no strings and allocates nothing (the slice shares storage with a static table).
    public static func vrs(creator: String, tag: Tag) -> ArraySlice<VR>? {
        guard let index = entryIndex(creator: creator, tag: tag) else { return nil }
        return vrSets[Int(Tables.codes[index] & vrSetMask)]
    }

    /// The number of private creators the dictionary knows.
    public static var creatorCount: Int { creatorLines.count }

    // MARK: - Internals

    private static let vrSetMask: UInt16 = ~GeneratedPrivateDictionary.retiredBit

    /// `vrSets` as slices, so ``vrs(creator:tag:)`` returns a stored slice without retaining an inner array.
    private static let vrSets: [ArraySlice<VR>] = Tables.vrSets.map { $0[...] }

    private static let creatorLines = PackedLines(Tables.creatorText)
    private static let entryLines = PackedLines(Tables.text)

    /// Creator string → creator index (its line in `creatorText`). Keyed by substrings of the static text, so
    /// a trimmed creator can be looked up without copying it into a new string.
    private static let creatorIndex: [Substring: Int] = {
        var index = [Substring: Int](minimumCapacity: creatorLines.count)
        for i in 0..<creatorLines.count { index[creatorLines.line(i)] = i }
        return index
    }()

    /// The number of entries (for tests and tools).
    static var entryCount: Int { Tables.keys.count }

    /// The private creators the dictionary knows, in code-point order (for tests and tools).
    static var allCreators: [String] { (0..<creatorLines.count).map { String(creatorLines.line($0)) } }

    /// `creator` without leading and trailing spaces (U+0020), sharing its storage.
    static func trimmed(_ creator: String) -> Substring {
        let scalars = creator.unicodeScalars
        var start = scalars.startIndex
        var end = scalars.endIndex
        while start < end, scalars[start] == " " { start = scalars.index(after: start) }
        while end > start, scalars[scalars.index(before: end)] == " " { end = scalars.index(before: end) }
        return Substring(scalars[start..<end])
    }

    /// The index of the entry for `tag` under `creator`: the full tag, then the `(gggg,xxee)` mask, then the
    /// `(ggxx,xxee)` mask.
    static func entryIndex(creator: String, tag: Tag) -> Int? {
        guard let creator = creatorIndex[trimmed(creator)] else { return nil }
        let base = UInt64(creator) << 34
        if let index = keyIndex(of: base | Tables.fullTagKind << 32 | UInt64(tag.rawValue)) { return index }
        // Only elements in a block (xx = 0x10-0xFF; 0x01-0x0F are not valid blocks but pydicom accepts them)
        // have a creator; never mask-match the creator elements or the group length.
        guard tag.element & 0xFF00 != 0 else { return nil }
        let low = UInt64(tag.element & 0x00FF)
        if let index = keyIndex(of: base | Tables.blockMaskKind << 32 | UInt64(tag.group) << 16 | low) {
            return index
        }
        return keyIndex(of: base | Tables.groupMaskKind << 32 | UInt64(tag.group & 0xFF00) << 16 | low)
    }

    /// Binary search for a search key.
    @inline(__always)
    private static func keyIndex(of key: UInt64) -> Int? {
        Tables.keys.sortedIndex(of: key)
    }
}
