/// Google's canonical error codes (google.rpc.Code), shared by every layer's errors, with their numbers
/// and the HTTP statuses the REST APIs answer with.
public enum CanonicalCode: String, Sendable, Codable, CaseIterable {
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
    case unimplemented = "UNIMPLEMENTED"
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
        case .unimplemented: 12
        case .internal: 13
        case .unavailable: 14
        case .unauthenticated: 16
        }
    }

    /// The HTTP status the REST API answers with.
    public var httpStatus: Int {
        switch self {
        case .cancelled: 499
        case .invalidArgument, .failedPrecondition: 400
        case .notFound: 404
        case .alreadyExists, .aborted: 409
        case .permissionDenied: 403
        case .resourceExhausted: 429
        case .unavailable: 503
        case .unauthenticated: 401
        case .unimplemented: 501
        case .internal: 500
        }
    }

    /// The code for a google.rpc number.
    public init?(number: Int) {
        guard let code = CanonicalCode.allCases.first(where: { $0.number == number }) else { return nil }
        self = code
    }
}
