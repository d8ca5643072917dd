/// A storage failure, with the canonical code the cloud would give it and a sentence that says what is
/// wrong and what to do.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Google's canonical codes, as the Cloud Storage and Healthcare APIs report them.
    public typealias Code = CanonicalCode

    /// The canonical code.
    public let code: Code
    /// What went wrong, naming the bucket, object or permission concerned.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }
}
