/// A storage failure, with the canonical code the cloud would give it and a sentence that says what is
/// wrong and what to do.
public struct StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Google's canonical codes, as the Cloud Storage and Healthcare APIs report them.
    public enum Code: String, Sendable, Equatable {
        case invalidArgument = "INVALID_ARGUMENT"
        case notFound = "NOT_FOUND"
        case alreadyExists = "ALREADY_EXISTS"
        case permissionDenied = "PERMISSION_DENIED"
        case unauthenticated = "UNAUTHENTICATED"
        case failedPrecondition = "FAILED_PRECONDITION"
        case resourceExhausted = "RESOURCE_EXHAUSTED"
        case unavailable = "UNAVAILABLE"
        case `internal` = "INTERNAL"

        /// The google.rpc numeric code.
        public var number: Int {
            switch self {
            case .invalidArgument: 3
            case .notFound: 5
            case .alreadyExists: 6
            case .permissionDenied: 7
            case .unauthenticated: 16
            case .failedPrecondition: 9
            case .resourceExhausted: 8
            case .unavailable: 14
            case .internal: 13
            }
        }
    }

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
