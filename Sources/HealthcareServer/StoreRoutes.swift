import DICOM
import DicomStore
import Foundation
import ObjectStorage
import Hummingbird

/// `…/dicomStores/S` and its custom methods `:import`, `:export`, `:getDICOMStoreMetrics`.
struct StoreRoutes {
    let service: EmbeddedService
    let store: StoreName

    func handle(_ request: APIRequest, verb: String?) async throws -> Response {
        // Parameters are checked for the methods this server has (others answer 404 for what they are).
        if Self.methods.contains(where: { $0.0 == request.method && $0.1 == verb }) { try request.acceptParameters() }
        switch (request.method, verb) {
        case (.get, nil): return JSONResponse.make(RESTShapes.store(try await service.store(store)))
        case (.delete, nil):
            try await service.deleteStore(store)
            return JSONResponse.empty
        case (.post, "import"): return try await importData(request)
        case (.post, "export"): return try await exportData(request)
        case (.get, "getDICOMStoreMetrics"): return JSONResponse.make(try await metrics())
        case (_, let verb?) where !["import", "export", "getDICOMStoreMetrics"].contains(verb):
            throw ServiceError(.notFound, "\(verb) is not a method of DICOM stores (import, export, getDICOMStoreMetrics)")
        default: throw methodNotAllowed(request)
        }
    }

    static let methods: [(HTTPRequest.Method, String?)] = [(.get, nil), (.delete, nil), (.post, "import"), (.post, "export"),
                                                          (.get, "getDICOMStoreMetrics")]

    /// ImportDicomDataRequest → a long-running operation.
    private func importData(_ request: APIRequest) async throws -> Response {
        let body = try RequestShapes.importRequest.normalize(await request.json())
        guard let uri = body["gcsSource"]?["uri"]?.stringValue, !uri.isEmpty else {
            throw ServiceError(.invalidArgument, "gcs_source.uri is required (gs://BUCKET/PATH, wildcards allowed)")
        }
        let storageClass = try body["blobStorageSettings"]?["blobStorageClass"]?.stringValue.map(StorageClass.init(parsing:))
        let operation = try await service.importDicom(into: store, gcsURI: uri, storageClass: storageClass)
        return JSONResponse.make(RESTShapes.operation(operation))
    }

    /// ExportDicomDataRequest (to a bucket, or metadata to a table) → a long-running operation.
    private func exportData(_ request: APIRequest) async throws -> Response {
        let body = try RequestShapes.exportRequest.normalize(await request.json())
        let operation: DicomOperation
        switch (body["gcsDestination"], body["bigqueryDestination"]) {
        case (let gcs?, nil):
            guard let prefix = gcs["uriPrefix"]?.stringValue, !prefix.isEmpty else {
                throw ServiceError(.invalidArgument, "gcs_destination.uri_prefix is required (gs://BUCKET/FOLDER)")
            }
            let filter = body["filterConfig"]?["resourcePathsGcsUri"]?.stringValue.map(FilterSource.bucket)
            operation = try await service.exportDicom(from: store, uriPrefix: prefix, mimeType: gcs["mimeType"]?.stringValue,
                                                      filter: filter)
        case (nil, let table?):
            guard let uri = table["tableUri"]?.stringValue, !uri.isEmpty else {
                throw ServiceError(.invalidArgument, "bigquery_destination.table_uri is required")
            }
            if uri.hasPrefix("bq://") {
                throw ServiceError(.unimplemented, "this server cannot reach BigQuery; export metadata to a SQLite table instead (tableUri sqlite:///PATH.db?table=NAME)")
            }
            var disposition = MetadataTable.Disposition.writeEmpty
            if let text = table["writeDisposition"]?.stringValue {
                guard let value = MetadataTable.Disposition(rawValue: text) else {
                    throw ServiceError(.invalidArgument, "writeDisposition \"\(text)\" is not WRITE_EMPTY, WRITE_TRUNCATE or WRITE_APPEND")
                }
                disposition = value
            } else if case .bool(true)? = table["force"] {
                disposition = .writeTruncate
            }
            operation = try await service.exportMetadata(from: store, to: try confinedTable(uri, disposition: disposition))
        case (nil, nil):
            throw ServiceError(.invalidArgument, "a destination is required: gcsDestination or bigqueryDestination")
        case (_?, _?):
            throw ServiceError(.invalidArgument, "give one destination: gcsDestination or bigqueryDestination, not both")
        }
        return JSONResponse.make(RESTShapes.operation(operation))
    }

    /// A metadata table named over HTTP lives in the server's `tables/` folder: `sqlite:NAME.db?table=T`
    /// (relative) or an absolute path inside that folder. Anything else would let a caller write SQLite
    /// files anywhere the server may write, its own index included.
    private func confinedTable(_ uri: String, disposition: MetadataTable.Disposition) throws -> MetadataTable {
        let folder = service.dataDirectory.appendingPathComponent("tables").standardizedFileURL
        try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var resolved = uri
        if uri.hasPrefix("sqlite:"), !uri.hasPrefix("sqlite:/") {
            resolved = "sqlite://" + folder.path + "/" + uri.dropFirst("sqlite:".count)
        }
        var table = try MetadataTable(uri: resolved, disposition: disposition)
        let real = URL(fileURLWithPath: table.databasePath).deletingLastPathComponent().resolvingSymlinksInPath().path
        guard real == folder.resolvingSymlinksInPath().path || real.hasPrefix(folder.resolvingSymlinksInPath().path + "/") else {
            throw ServiceError(.permissionDenied, "metadata tables exported over HTTP live in the server's tables folder: use tableUri sqlite:NAME.db?table=T (\(folder.path)/NAME.db)")
        }
        table.databasePath = URL(fileURLWithPath: real).appendingPathComponent(URL(fileURLWithPath: table.databasePath).lastPathComponent).path
        return table
    }

    /// DicomStoreMetrics: counts and bytes (int64 as strings, as the API writes them).
    private func metrics() async throws -> JSONValue {
        RESTShapes.metrics(try await service.store(store))
    }
}
