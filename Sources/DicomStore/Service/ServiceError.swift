import DICOM
import ObjectStorage

/// The error every service call reports: a canonical code (as Google's APIs use them), a message that
/// says what is wrong and what to do, and optional details (e.g. the missing role and its grant command).
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Google's canonical codes.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case cancelled = "CANCELLED"
        case invalidArgument = "INVALID_ARGUMENT"
        case notFound = "NOT_FOUND"
        case alreadyExists = "ALREADY_EXISTS"
        case permissionDenied = "PERMISSION_DENIED"
        case resourceExhausted = "RESOURCE_EXHAUSTED"
        case failedPrecondition = "FAILED_PRECONDITION"
        case aborted = "ABORTED"
        case unavailable = "UNAVAILABLE"
        case unauthenticated = "UNAUTHENTICATED"
        case `internal` = "INTERNAL"

        /// The google.rpc numeric code.
        public var number: Int {
            switch self {
            case .cancelled: 1
            case .invalidArgument: 3
            case .notFound: 5
            case .alreadyExists: 6
            case .permissionDenied: 7
            case .resourceExhausted: 8
            case .failedPrecondition: 9
            case .aborted: 10
            case .internal: 13
            case .unavailable: 14
            case .unauthenticated: 16
            }
        }

        /// The HTTP status the REST API answers with.
        public var httpStatus: Int {
            switch self {
            case .cancelled: 499
            case .invalidArgument: 400
            case .notFound: 404
            case .alreadyExists, .aborted: 409
            case .permissionDenied: 403
            case .resourceExhausted: 429
            case .failedPrecondition: 400
            case .unavailable: 503
            case .unauthenticated: 401
            case .internal: 500
            }
        }

        /// The code for a google.rpc number.
        public init?(number: Int) {
            guard let code = Code.allCases.first(where: { $0.number == number }) else { return nil }
            self = code
        }
    }

    /// The canonical code.
    public let code: Code
    /// A sentence for people.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { "\(code.rawValue): \(message)" }

    /// The CLI's exit code for this error (1 for user errors, 2 for environment, 3 for internal).
    public var exitCode: Int32 {
        switch code {
        case .internal: 3
        case .unavailable, .unauthenticated, .permissionDenied: 2
        default: 1
        }
    }
}

extension ServiceError {
    /// Wraps any error as a service error, keeping the codes of storage and DICOM errors.
    public init(_ error: any Error) {
        switch error {
        case let error as ServiceError: self = error
        case let error as StorageError:
            self.init(Code(rawValue: error.code.rawValue) ?? .internal, error.message)
        case let error as DICOMError:
            self.init(error.kind == .io ? .unavailable : .invalidArgument, error.description)
        default:
            self.init(.internal, String(describing: error))
        }
    }
}
