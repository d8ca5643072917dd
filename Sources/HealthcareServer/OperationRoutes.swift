import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// `…/datasets/D/operations[/ID[:cancel|:logs]]`.
struct OperationRoutes {
    let service: EmbeddedService
    let dataset: DatasetName

    func handle(_ request: APIRequest, path: [String]) async throws -> Response {
        if path.isEmpty {
            guard request.method == .get else { throw methodNotAllowed(request) }
            try request.acceptParameters(["filter", "pageSize", "pageToken"])
            return try await list(request)
        }
        guard path.count == 1 else { throw ServiceError(.notFound, "no such resource: \(request.rawPath)") }
        let (id, verb) = HealthcareRoutes.splitVerb(path[0])
        let name = try OperationName(parsing: id, dataset: dataset)
        if [(HTTPRequest.Method.get, nil), (.post, "cancel"), (.get, "logs")].contains(where: { $0.0 == request.method && $0.1 == verb }) {
            try request.acceptParameters(verb == "logs" ? ["pageSize", "pageToken"] : [])
        }
        switch (request.method, verb) {
        case (.get, nil): return JSONResponse.make(RESTShapes.operation(try await service.operation(name)))
        case (.post, "cancel"):
            _ = try RequestShapes.cancel.normalize(await request.json())
            _ = try await service.cancel(name)
            return JSONResponse.empty
        case (.get, "logs"): return JSONResponse.make(try await logs(name))
        case (_, let verb?) where verb != "cancel" && verb != "logs":
            throw ServiceError(.notFound, "\(verb) is not a method of operations (cancel, logs)")
        default: throw methodNotAllowed(request)
        }
    }

    /// Newest first; `filter` takes `done=true|false` and `metadata.apiMethodName="…"`, joined by AND.
    private func list(_ request: APIRequest) async throws -> Response {
        let filter = try OperationFilter(request.parameter("filter") ?? "")
        let operations = try await service.operations(in: dataset, done: filter.done, kind: filter.kind)
        return try Paging.list(operations.map(RESTShapes.operation), key: "operations", request: request)
    }

    /// The per-object log, in the shape of Cloud Logging entries (this product's extension).
    private func logs(_ name: OperationName) async throws -> JSONValue {
        let entries = try await service.logs(of: name).map(RESTShapes.logEntry)
        return .object([("entries", .array(entries))])
    }
}

/// The operation list filter this server understands.
struct OperationFilter {
    var done: Bool?
    var kind: DicomOperation.Kind?

    init(_ text: String) throws {
        for clause in text.components(separatedBy: " AND ") where !clause.trimmingCharacters(in: .whitespaces).isEmpty {
            let parts = clause.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { throw Self.invalid(text) }
            let value = parts[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            switch parts[0] {
            case "done":
                guard let flag = Bool(value) else { throw Self.invalid(text) }
                done = flag
            case "metadata.apiMethodName":
                guard let kind = DicomOperation.Kind(rawValue: String(value.split(separator: ".").last ?? "")) else {
                    throw Self.invalid(text)
                }
                self.kind = kind
            default: throw Self.invalid(text)
            }
        }
    }

    static func invalid(_ text: String) -> ServiceError {
        ServiceError(.invalidArgument, "filter \"\(text)\" is not understood: use done=true|false and metadata.apiMethodName=\"…ImportDicomData\", joined by AND")
    }
}
