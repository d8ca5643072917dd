import ObjectStorage
import DICOM
import Foundation

/// The service's resources in the Cloud Healthcare v1 REST shapes (field names of Google's discovery
/// document), for the CLI's YAML/JSON output and the HTTP server.
public enum RESTShapes {
    /// RFC 3339 UTC with microseconds, as Google's APIs write times.
    public static func time(_ date: Date) -> String { RFC3339.string(from: date) }

    /// An Operation resource.
    public static func operation(_ operation: Operation) -> JSONValue {
        var counter: [(String, JSONValue)] = []
        if operation.counter.success > 0 { counter.append(("success", .string(String(operation.counter.success)))) }
        if operation.counter.failure > 0 { counter.append(("failure", .string(String(operation.counter.failure)))) }
        if operation.counter.pending > 0 { counter.append(("pending", .string(String(operation.counter.pending)))) }
        var metadata: [(String, JSONValue)] = [
            ("@type", .string("type.googleapis.com/google.cloud.healthcare.v1.OperationMetadata")),
            ("apiMethodName", .string(operation.apiMethodName)),
            ("createTime", .string(time(operation.createTime))),
        ]
        if let end = operation.endTime { metadata.append(("endTime", .string(time(end)))) }
        metadata.append(("logsUrl", .string(operation.logsURL)))
        // The store the operation works on (Google's metadata does not say; front ends need it).
        metadata.append(("target", .string(operation.store.description)))
        if operation.cancelRequested { metadata.append(("cancelRequested", .bool(true))) }
        metadata.append(("counter", .object(counter)))
        var members: [(String, JSONValue)] = [("name", .string(operation.name.description)), ("metadata", .object(metadata))]
        if operation.done { members.append(("done", .bool(true))) }
        if let error = operation.error {
            let details: JSONValue = .object([
                ("@type", .string("type.googleapis.com/google.cloud.healthcare.v1.dicom.\(operation.kind.rawValue)ErrorDetails")),
                ("sampleErrors", .array(error.sampleErrors.map { sample in
                    .object([("resource", .string(sample.resource)),
                             ("error", .object([("code", .number(String(sample.code.number))), ("message", .string(sample.message))]))])
                })),
            ])
            members.append(("error", .object([("code", .number(String(error.code.number))), ("message", .string(error.message)),
                                              ("details", .array([details]))])))
        } else if operation.done {
            members.append(("response", .object([("@type", .string("type.googleapis.com/google.cloud.healthcare.v1.dicom.\(operation.kind.rawValue)Response"))])))
        }
        return .object(members)
    }

    /// A Dataset resource.
    public static func dataset(_ dataset: Dataset) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(dataset.name.description)), ("timeZone", .string("UTC"))]
        if !dataset.labels.isEmpty { members.append(("labels", labels(dataset.labels))) }
        return .object(members)
    }

    /// A DicomStore resource (with this product's counts under `x-dicomConsole`… kept out: REST has none).
    public static func store(_ store: DicomStore) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(store.name.description))]
        if !store.labels.isEmpty { members.append(("labels", labels(store.labels))) }
        return .object(members)
    }

    static func labels(_ labels: [String: String]) -> JSONValue {
        .object(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
    }
}
