import ObjectStorage
import Foundation

/// A long-running operation: a persisted record that a worker advances and front ends read.
public struct Operation: Sendable, Codable, Equatable {
    /// What the operation does.
    public enum Kind: String, Sendable, Codable {
        case importDicomData = "ImportDicomData"
        case exportDicomData = "ExportDicomData"
    }

    /// Success, failure and pending counts (instances or objects).
    public struct Counter: Sendable, Codable, Equatable {
        public var success: Int64 = 0
        public var failure: Int64 = 0
        public var pending: Int64 = 0
        public init(success: Int64 = 0, failure: Int64 = 0, pending: Int64 = 0) {
            self.success = success
            self.failure = failure
            self.pending = pending
        }
    }

    /// One sample failure: the resource (object URI) and its error.
    public struct SampleError: Sendable, Codable, Equatable {
        public var resource: String
        public var code: ServiceError.Code
        public var message: String
    }

    /// The final error of an operation that did not fully succeed.
    public struct Failure: Sendable, Codable, Equatable {
        public var code: ServiceError.Code
        public var message: String
        public var sampleErrors: [SampleError]
    }

    public var name: OperationName
    public var kind: Kind
    /// The store the operation works on.
    public var store: StoreName
    /// The request, as the REST API's JSON (e.g. `{"gcsSource":{"uri":"gs://…"}}`).
    public var requestJSON: String
    public var createTime: Date
    public var endTime: Date?
    public var counter: Counter
    public var cancelRequested: Bool
    public var done: Bool
    /// Set when done with failures, cancelled, or cut off.
    public var error: Failure?

    /// `google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData` and the like.
    public var apiMethodName: String { "google.cloud.healthcare.v1.dicom.DicomService.\(kind.rawValue)" }

    /// Where the per-object log of this operation can be read (our own log view).
    public var logsURL: String { "dicom-console://logs/\(name)" }

    /// True when done without any error (the console's green check mark).
    public var succeeded: Bool { done && error == nil }
}

/// One line of an operation's log: an object that failed, and why.
public struct OperationLogEntry: Sendable, Codable, Equatable {
    public var time: Date
    /// The object, e.g. `gs://bucket/dir/file.dcm`.
    public var resource: String
    public var code: ServiceError.Code
    public var message: String
}

/// `Operation` under a name that does not collide with Foundation's `Operation` in files that import both.
public typealias DicomOperation = Operation
