import DICOM
import Foundation
import ObjectStorage

/// The decoding counterpart of `RESTShapes`: Cloud Healthcare v1 JSON (as this product's server and
/// Google's API answer) back into the service's models. Members the shapes do not carry (creation times
/// of datasets and stores, an operation's request) come back empty; unknown members are ignored.
extension RESTShapes {
    /// Parses RFC 3339 (`2024-05-01T10:00:00Z`, with up to nanoseconds, or with an offset).
    public static func parseTime(_ text: String) -> Date? { RFC3339.date(from: text) }

    /// An Operation resource. The store comes from `metadata.target` (this product's server), else
    /// `store` (e.g. remembered when the operation was started), else the dataset's wildcard store `-`.
    public static func parseOperation(_ json: JSONValue, store: StoreName? = nil) throws -> Operation {
        let name = try OperationName(parsing: try string(json, "name", in: "Operation"))
        let metadata = json["metadata"] ?? .object([])
        let method = metadata["apiMethodName"]?.stringValue ?? json["response"]?["@type"]?.stringValue ?? ""
        let kind: Operation.Kind = method.hasSuffix("ExportDicomData") || method.contains("ExportDicomData")
            ? .exportDicomData : .importDicomData
        let target = try metadata["target"]?.stringValue.map { try StoreName(parsing: $0) }
        let counter = metadata["counter"]
        var failure: Operation.Failure?
        if let error = json["error"] {
            let samples = (error["details"]?.arrayValue ?? []).flatMap { $0["sampleErrors"]?.arrayValue ?? [] }.map { sample in
                Operation.SampleError(resource: sample["resource"]?.stringValue ?? "",
                                      code: code(number: sample["error"]?["code"], status: sample["error"]?["status"]),
                                      message: sample["error"]?["message"]?.stringValue ?? "")
            }
            failure = Operation.Failure(code: code(number: error["code"], status: error["status"]),
                                        message: error["message"]?.stringValue ?? "", sampleErrors: samples)
        }
        return Operation(
            name: name, kind: kind, store: try target ?? store ?? StoreName(name.dataset, id: "-"), requestJSON: "",
            createTime: metadata["createTime"]?.stringValue.flatMap(parseTime) ?? Date(timeIntervalSince1970: 0),
            endTime: metadata["endTime"]?.stringValue.flatMap(parseTime),
            counter: Operation.Counter(success: int64(counter?["success"]), failure: int64(counter?["failure"]),
                                       pending: int64(counter?["pending"])),
            cancelRequested: metadata["cancelRequested"] == .bool(true), done: json["done"] == .bool(true), error: failure)
    }

    /// A Dataset resource (its creation time is not part of the shape: the epoch).
    public static func parseDataset(_ json: JSONValue) throws -> Dataset {
        Dataset(name: try DatasetName(parsing: try string(json, "name", in: "Dataset")), labels: labels(json["labels"]),
                createTime: Date(timeIntervalSince1970: 0))
    }

    /// A DicomStore resource, with the counts of its `DicomStoreMetrics` when given.
    public static func parseStore(_ json: JSONValue, metrics: JSONValue? = nil) throws -> DicomStore {
        DicomStore(name: try StoreName(parsing: try string(json, "name", in: "DicomStore")), labels: labels(json["labels"]),
                   createTime: Date(timeIntervalSince1970: 0),
                   studyCount: Int(int64(metrics?["studyCount"])), seriesCount: Int(int64(metrics?["seriesCount"])),
                   instanceCount: Int(int64(metrics?["instanceCount"])),
                   totalBytes: int64(metrics?["blobStorageSizeBytes"]) + int64(metrics?["structuredStorageSizeBytes"]))
    }

    /// One entry of an operation's log, as this product's `:logs` method answers it (the shape of a Cloud
    /// Logging entry): `{"timestamp", "severity", "jsonPayload": {"resource", "error": {"code", "message", "status"}}}`.
    public static func logEntry(_ entry: OperationLogEntry) -> JSONValue {
        .object([("timestamp", .string(time(entry.time))), ("severity", .string("ERROR")),
                 ("jsonPayload", .object([("resource", .string(entry.resource)),
                                          ("error", .object([("code", .number(String(entry.code.number))),
                                                             ("message", .string(entry.message)),
                                                             ("status", .string(entry.code.rawValue))]))]))])
    }

    /// A log entry back from its JSON.
    public static func parseLogEntry(_ json: JSONValue) -> OperationLogEntry {
        let payload = json["jsonPayload"]
        let error = payload?["error"]
        return OperationLogEntry(time: json["timestamp"]?.stringValue.flatMap(parseTime) ?? Date(timeIntervalSince1970: 0),
                                 resource: payload?["resource"]?.stringValue ?? "",
                                 code: code(number: error?["code"], status: error?["status"]),
                                 message: error?["message"]?.stringValue ?? "")
    }

    /// A store's `DicomStoreMetrics` (int64 counts as strings, absent when 0).
    public static func metrics(_ store: DicomStore) -> JSONValue {
        var members: [(String, JSONValue)] = [("name", .string(store.name.description))]
        for (key, value) in [("studyCount", Int64(store.studyCount)), ("seriesCount", Int64(store.seriesCount)),
                             ("instanceCount", Int64(store.instanceCount)), ("blobStorageSizeBytes", store.totalBytes)] where value != 0 {
            members.append((key, .string(String(value))))
        }
        return .object(members)
    }

    /// The service error of a google.rpc.Status answer (`{"error": {"code", "message", "status"}}`); when
    /// the body is not one, the HTTP status decides the code and the body's start is the message.
    public static func parseError(httpStatus: Int, body: String) -> ServiceError {
        let json = try? JSONValue.parse(body)
        if let error = json?["error"], let message = error["message"]?.stringValue {
            let code = code(status: error["status"]) ?? code(httpStatus: httpStatus)
            return ServiceError(code, message)
        }
        let excerpt = body.trimmingCharacters(in: .whitespacesAndNewlines).prefix(300)
        return ServiceError(code(httpStatus: httpStatus), "HTTP \(httpStatus)\(excerpt.isEmpty ? "" : ": \(excerpt)")")
    }

    /// The canonical code for an HTTP status.
    public static func code(httpStatus: Int) -> ServiceError.Code {
        switch httpStatus {
        case 400: .invalidArgument
        case 401: .unauthenticated
        case 403: .permissionDenied
        case 404: .notFound
        case 409: .alreadyExists
        case 412: .failedPrecondition
        case 429: .resourceExhausted
        case 499: .cancelled
        case 501: .unimplemented
        case 502, 503, 504: .unavailable
        default: .internal
        }
    }

    /// The code of a `status` name (`NOT_FOUND`); codes this product has no case for map to the nearest.
    static func code(status: JSONValue?) -> ServiceError.Code? {
        guard let name = status?.stringValue else { return nil }
        if let code = ServiceError.Code(rawValue: name) { return code }
        switch name {
        case "DEADLINE_EXCEEDED": return .unavailable
        case "OUT_OF_RANGE": return .invalidArgument
        case "UNKNOWN", "DATA_LOSS": return .internal
        default: return nil
        }
    }

    /// The code of a google.rpc number (or of a `status` name when there is one).
    static func code(number: JSONValue?, status: JSONValue?) -> ServiceError.Code {
        if let code = code(status: status) { return code }
        guard case .number(let text)? = number, let value = Int(text) else { return .internal }
        switch value {
        case 4: return .unavailable
        case 11: return .invalidArgument
        default: return ServiceError.Code(number: value) ?? .internal
        }
    }

    static func string(_ json: JSONValue, _ key: String, in shape: String) throws -> String {
        guard let value = json[key]?.stringValue else {
            throw ServiceError(.internal, "the server answered a \(shape) without \"\(key)\": \(json.serialized().prefix(200))")
        }
        return value
    }

    /// An int64 written as a JSON string (or a number); 0 when absent.
    static func int64(_ value: JSONValue?) -> Int64 {
        switch value {
        case .string(let text)?: Int64(text) ?? 0
        case .number(let text)?: Int64(text) ?? 0
        default: 0
        }
    }

    static func labels(_ value: JSONValue?) -> [String: String] {
        guard case .object(let members)? = value else { return [:] }
        return Dictionary(members.compactMap { key, value in value.stringValue.map { (key, $0) } }, uniquingKeysWith: { $1 })
    }
}
