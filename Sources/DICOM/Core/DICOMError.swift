/// A failure to read or write DICOM, with the place it happened: the tag being read and the byte offset
/// in the input (counted from the start of the file, or of the inflated stream for deflated data sets).
public struct DICOMError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of where.
    public enum Kind: String, Sendable, Equatable {
        /// The input is not DICOM at all (no preamble, no meta group, no plausible data set).
        case notDICOM = "not DICOM"
        /// The input ends inside an element header or value.
        case truncated
        /// A length field is impossible: beyond the end of the input or of the enclosing item.
        case invalidLength = "invalid length"
        /// Items, sequences or delimiters are not nested as the standard requires.
        case invalidStructure = "invalid structure"
        /// Sequences are nested deeper than the reader allows.
        case tooDeep = "nesting too deep"
        /// A value cannot be encoded or decoded as its VR requires.
        case invalidValue = "invalid value"
        /// A transfer syntax or feature that this operation does not support.
        case unsupported
        /// A deflate stream that does not inflate, or deflation failed.
        case compression
        /// The file system refused a read or write.
        case io = "I/O error"
    }

    /// What went wrong.
    public let kind: Kind
    /// The tag being read or written, when known.
    public let tag: Tag?
    /// The byte offset of the problem, when known.
    public let offset: Int?
    /// A sentence saying what exactly is wrong.
    public let reason: String

    /// Creates an error; `tag` and `offset` say where.
    public init(_ kind: Kind, _ reason: String, tag: Tag? = nil, offset: Int? = nil) {
        self.kind = kind
        self.reason = reason
        self.tag = tag
        self.offset = offset
    }

    /// `truncated at offset 9630, tag (7FE0,0010): value of 8192 bytes but only 8130 left`.
    public var description: String {
        var place: [String] = []
        if let offset { place.append("offset \(offset)") }
        if let tag { place.append("tag \(tag)") }
        return place.isEmpty ? "\(kind.rawValue): \(reason)" : "\(kind.rawValue) at \(place.joined(separator: ", ")): \(reason)"
    }
}
