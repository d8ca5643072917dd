import DICOM

/// A failure to describe, decode, render or encode pixel data, with a sentence saying what is missing or
/// wrong and, when one attribute is to blame, its tag.
public struct ImagingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What went wrong, independent of the file.
    public enum Kind: String, Sendable, Equatable {
        /// A required attribute is absent (Rows, Bits Allocated, Pixel Data…).
        case missingAttribute = "missing attribute"
        /// An attribute is present but its value is impossible or inconsistent with the others.
        case invalidAttribute = "invalid attribute"
        /// The transfer syntax, photometric interpretation or layout is not supported here.
        case unsupported
        /// The pixel data is shorter than the attributes say or a codec rejected the stream.
        case corruptPixelData = "corrupt pixel data"
        /// An image could not be encoded (PNG, JPEG).
        case encoding
        /// Bytes given as a PNG or JPEG image are not one this module reads.
        case invalidImage = "invalid image"
    }

    /// What went wrong.
    public let kind: Kind
    /// The attribute to blame, when there is one.
    public let tag: Tag?
    /// What exactly is wrong.
    public let reason: String

    /// Creates an error.
    public init(_ kind: Kind, _ reason: String, tag: Tag? = nil) {
        self.kind = kind
        self.reason = reason
        self.tag = tag
    }

    /// `missing attribute (0028,0010): Rows is required to decode pixel data`.
    public var description: String {
        if let tag { return "\(kind.rawValue) \(tag): \(reason)" }
        return "\(kind.rawValue): \(reason)"
    }
}
