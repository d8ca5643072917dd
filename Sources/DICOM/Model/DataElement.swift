import Foundation

/// One attribute of a data set: a tag, its VR and its value.
///
/// Binary values are kept as raw bytes in **little-endian** order whatever the file's transfer syntax
/// (big-endian input is swapped while reading), so that every consumer and writer sees one layout.
/// Values of a memory-mapped file are slices of the mapping: nothing is read from disk until used.
public struct DataElement: Sendable {
    /// The attribute tag.
    public var tag: Tag
    /// The value representation, as read (explicit) or resolved from the dictionary (implicit).
    public var vr: VR
    /// The value.
    public var value: Value
    /// Where the value started in the input, for bulk data references; nil for built or inflated data.
    public var valueOffset: Int?

    /// The three forms a value takes.
    public enum Value: Sendable {
        /// Raw value bytes, little-endian for binary VRs, padding included.
        case bytes(Data)
        /// The items of a sequence (SQ, or UN/private values that hold one).
        case sequence([DataSet])
        /// Encapsulated pixel data: a basic offset table and the fragments.
        case fragments(EncapsulatedPixelData)
    }

    /// Creates an element.
    public init(tag: Tag, vr: VR, value: Value, valueOffset: Int? = nil) {
        self.tag = tag
        self.vr = vr
        self.value = value
        self.valueOffset = valueOffset
    }

    /// Creates an element with raw (little-endian) value bytes.
    public init(tag: Tag, vr: VR, bytes: Data) {
        self.init(tag: tag, vr: vr, value: .bytes(bytes))
    }

    /// The raw bytes, or nil for sequences and fragments.
    public var bytes: Data? {
        if case .bytes(let data) = value { return data }
        return nil
    }

    /// The sequence items, or nil when the value is not a sequence.
    public var items: [DataSet]? {
        if case .sequence(let items) = value { return items }
        return nil
    }

    /// The encapsulated pixel data, or nil.
    public var fragments: EncapsulatedPixelData? {
        if case .fragments(let fragments) = value { return fragments }
        return nil
    }

    /// The value length in bytes as it would be written (sequences and fragments: undefined, nil).
    public var byteCount: Int? { bytes?.count }
}

/// Pixel data stored as a sequence of fragments (PS3.5 §A.4): the first item is the Basic Offset Table.
public struct EncapsulatedPixelData: Sendable {
    /// The Basic Offset Table's bytes (possibly empty): 32-bit little-endian offsets of each frame's first
    /// fragment, measured from the first fragment's item tag.
    public var basicOffsetTable: Data
    /// The fragments' bytes, in order.
    public var fragments: [Data]

    /// Creates encapsulated pixel data.
    public init(basicOffsetTable: Data = Data(), fragments: [Data]) {
        self.basicOffsetTable = basicOffsetTable
        self.fragments = fragments
    }

    /// The Basic Offset Table decoded, empty when absent.
    public var offsets: [UInt32] {
        basicOffsetTable.withUnsafeBytes { raw in
            (0..<(raw.count / 4)).map { UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 4, as: UInt32.self)) }
        }
    }
}
