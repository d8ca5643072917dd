import DICOM
import ObjectStorage

/// The error every service call reports: a canonical code (as Google's APIs use them), a message that
/// says what is wrong and what to do, and optional details (e.g. the missing role and its grant command).
public struct ServiceError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Google's canonical codes (shared with the storage layer).
    public typealias Code = CanonicalCode

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
            self.init(error.code, error.message)
        case let error as DICOMError:
            self.init(error.kind == .io ? .unavailable : .invalidArgument, error.description)
        default:
            self.init(.internal, String(describing: error))
        }
    }
}
