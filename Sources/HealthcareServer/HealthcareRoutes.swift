import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// `projects/P/locations/L/…`: datasets, DICOM stores, import/export, operations (Cloud Healthcare v1).
struct HealthcareRoutes {
    let service: EmbeddedService
    let retrieveCache: BlobCache

    func handle(_ request: APIRequest, path: [String]) async throws -> Response {
        guard path.count >= 4, path[0] == "projects", path[2] == "locations" else {
            throw ServiceError(.notFound, "no such resource: \(request.rawPath) (expected /v1/projects/P/locations/L/…)")
        }
        let location = try LocationName(project: path[1], location: path[3])
        let rest = Array(path.dropFirst(4))
        guard rest.first == "datasets" else {
            throw ServiceError(.notFound, "no such collection under \(location): \(rest.first ?? "(none)") (this server has datasets)")
        }
        if rest.count == 1 { return try await datasets(request, location) }
        let dataset = try DatasetName(location, id: rest[1])
        if rest.count == 2 { return try await datasetResource(request, dataset) }
        switch rest[2] {
        case "dicomStores":
            if rest.count == 3 { return try await stores(request, dataset) }
            let (id, verb) = Self.splitVerb(rest[3])
            let store = try StoreName(dataset, id: id)
            if rest.count > 4 {
                guard rest[4] == "dicomWeb", verb == nil else { throw notFound(request) }
                return try await DICOMwebRoutes(service: service, store: store, base: Self.base(request, store), retrieveCache: retrieveCache)
                    .handle(request, path: Array(rest.dropFirst(5)))
            }
            return try await StoreRoutes(service: service, store: store).handle(request, verb: verb)
        case "operations":
            return try await OperationRoutes(service: service, dataset: dataset).handle(request, path: Array(rest.dropFirst(3)))
        default:
            throw notFound(request)
        }
    }

    // MARK: Datasets

    private func datasets(_ request: APIRequest, _ location: LocationName) async throws -> Response {
        switch request.method {
        case .get:
            try request.acceptParameters(["pageSize", "pageToken"])
            let all = try await service.datasets(in: location)
            return try Paging.list(all.map(RESTShapes.dataset), key: "datasets", request: request)
        case .post:
            try request.acceptParameters(["datasetId"])
            guard let id = request.parameter("datasetId") else { throw ServiceError(.invalidArgument, "datasetId is required") }
            let body = try RequestShapes.dataset.normalize(await request.json())
            let dataset = try await service.createDataset(DatasetName(location, id: id), labels: Self.labels(body))
            return JSONResponse.make(RESTShapes.dataset(dataset))
        default: throw methodNotAllowed(request)
        }
    }

    private func datasetResource(_ request: APIRequest, _ name: DatasetName) async throws -> Response {
        switch request.method {
        case .get:
            try request.acceptParameters()
            return JSONResponse.make(RESTShapes.dataset(try await service.dataset(name)))
        case .delete:
            try request.acceptParameters()
            try await service.deleteDataset(name, force: true)
            return JSONResponse.empty
        default: throw methodNotAllowed(request)
        }
    }

    private func stores(_ request: APIRequest, _ dataset: DatasetName) async throws -> Response {
        switch request.method {
        case .get:
            try request.acceptParameters(["pageSize", "pageToken", "filter"])
            if let filter = request.parameter("filter"), !filter.isEmpty {
                throw ServiceError(.unimplemented, "this server does not filter DICOM stores (filter=\(filter)): list them all and filter the labels yourself")
            }
            let all = try await service.stores(in: dataset)
            return try Paging.list(all.map(RESTShapes.store), key: "dicomStores", request: request)
        case .post:
            try request.acceptParameters(["dicomStoreId"])
            guard let id = request.parameter("dicomStoreId") else { throw ServiceError(.invalidArgument, "dicomStoreId is required") }
            let body = try RequestShapes.dicomStore.normalize(await request.json())
            let store = try await service.createStore(StoreName(dataset, id: id), labels: Self.labels(body))
            return JSONResponse.make(RESTShapes.store(store))
        default: throw methodNotAllowed(request)
        }
    }

    // MARK: Helpers

    /// `S:import` → ("S", "import").
    static func splitVerb(_ segment: String) -> (String, String?) {
        guard let colon = segment.firstIndex(of: ":") else { return (segment, nil) }
        return (String(segment[..<colon]), String(segment[segment.index(after: colon)...]))
    }

    static func labels(_ body: JSONValue) -> [String: String] {
        guard case .object(let members)? = body["labels"] else { return [:] }
        var labels: [String: String] = [:]
        for (key, value) in members { labels[key] = value.stringValue }
        return labels
    }

    /// The DICOMweb base path of a store as this request addressed it (`/v1/…/dicomWeb`).
    static func base(_ request: APIRequest, _ store: StoreName) -> String {
        "/\(request.segments.first ?? "v1")/\(store)/dicomWeb"
    }

    private func notFound(_ request: APIRequest) -> ServiceError {
        ServiceError(.notFound, "no such resource: \(request.rawPath)")
    }
}

func methodNotAllowed(_ request: APIRequest) -> ServiceError {
    ServiceError(.notFound, "\(request.method.rawValue) is not a method of \(request.rawPath)")
}

/// `pageSize` and `pageToken` over a complete list (the token is the next offset, opaque to clients).
enum Paging {
    static func list(_ items: [JSONValue], key: String, request: APIRequest, defaultSize: Int = 100) throws -> Response {
        let size = try request.intParameter("pageSize", in: 1...1000) ?? defaultSize
        var offset = 0
        if let token = request.parameter("pageToken"), !token.isEmpty {
            guard let data = Data(base64Encoded: token), let text = String(data: data, encoding: .utf8),
                  text.hasPrefix("offset:"), let value = Int(text.dropFirst(7)), value >= 0 else {
                throw ServiceError(.invalidArgument, "pageToken \"\(token)\" is not a token this server gave")
            }
            offset = value
        }
        offset = min(offset, items.count)
        let page = Array(items.dropFirst(offset).prefix(size))
        var members: [(String, JSONValue)] = []
        if !page.isEmpty { members.append((key, .array(page))) }
        if size < items.count - offset {
            members.append(("nextPageToken", .string(Data("offset:\(offset + size)".utf8).base64EncodedString())))
        }
        return JSONResponse.make(.object(members))
    }
}
