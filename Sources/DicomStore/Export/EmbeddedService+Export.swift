import DICOM
import Foundation
import GRDB
import ObjectStorage

/// Where an export's filter file comes from.
public enum FilterSource: Sendable {
    /// `filterConfig.resourcePathsGcsUri`: an object in a bucket.
    case bucket(String)
    /// The file's text (the CLI reads local files), with a name for messages.
    case text(String, name: String)
}

/// Where a metadata export writes: a SQLite database file and table (this product's stand-in for a
/// BigQuery table), and what to do with rows already there.
public struct MetadataTable: Sendable, Codable, Equatable {
    /// `WRITE_EMPTY` (fail if the table has rows), `WRITE_TRUNCATE`, `WRITE_APPEND`.
    public enum Disposition: String, Sendable, Codable { case writeEmpty = "WRITE_EMPTY", writeTruncate = "WRITE_TRUNCATE", writeAppend = "WRITE_APPEND" }
    public var databasePath: String
    public var table: String
    public var disposition: Disposition

    /// Parses `sqlite:///ABSOLUTE/PATH.db?table=NAME` (or `sqlite:RELATIVE.db?table=NAME`).
    public init(uri: String, disposition: Disposition) throws {
        guard uri.hasPrefix("sqlite:"), let query = uri.range(of: "?table=") else {
            throw ServiceError(.invalidArgument, "table \"\(uri)\" is not sqlite:///PATH.db?table=NAME")
        }
        var path = String(uri[uri.index(uri.startIndex, offsetBy: 7)..<query.lowerBound])
        if path.hasPrefix("//") { path.removeFirst(2) }
        let table = String(uri[query.upperBound...])
        guard !path.isEmpty, !table.isEmpty, table.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }),
              table.first?.isLetter == true else {
            throw ServiceError(.invalidArgument, "table name \"\(table)\" must be letters, digits and _ starting with a letter")
        }
        databasePath = URL(fileURLWithPath: path).standardizedFileURL.path
        self.table = table
        self.disposition = disposition
    }

    /// `sqlite:///PATH.db?table=NAME`, as `init(uri:disposition:)` takes it (the REST API's `tableUri`).
    public var uri: String { "sqlite://\(databasePath)?table=\(table)" }
}

extension EmbeddedService {
    /// Starts exporting a store (or the resources a filter file names) to `uriPrefix` in the format
    /// `mimeType` asks for; returns the operation at once. The filter file is read and checked first: a
    /// bad line fails the request with its line number.
    public func exportDicom(from store: StoreName, uriPrefix: String, mimeType: String?,
                            filter: FilterSource?) async throws -> Operation {
        _ = try await self.store(store)
        let format = try ExportFormat(mimeType: mimeType)
        if format == .png || format == .jpeg, renderer == nil {
            throw ServiceError(.failedPrecondition, "exporting rendered images (\(mimeType ?? "")) needs the pixel pipeline, which this build does not have yet")
        }
        let destination: StorageURI
        do {
            destination = try StorageURI(uriPrefix)
            if try !destination.path.isEmpty && ObjectPattern(destination.path).hasWildcards {
                throw ServiceError(.invalidArgument, "uriPrefix \(uriPrefix) must be a bucket or folder, without wildcards")
            }
            if destination.path.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == "." || $0 == ".." }) {
                throw ServiceError(.invalidArgument, "uriPrefix \(uriPrefix) must not hold . or .. segments: objects are named from the bucket's root")
            }
        } catch { throw ServiceError(error) }
        var request = ExportRequest(gcsDestination: .init(uriPrefix: uriPrefix, mimeType: mimeType), filterConfig: nil, filterText: nil)
        if let filter {
            let (text, name) = try await filterText(filter)
            _ = try FilterFile(parsing: text, source: name)
            request.filterText = text
            if case .bucket(let uri) = filter { request.filterConfig = .init(resourcePathsGcsUri: uri) }
        }
        return try await startOperation(.exportDicomData, store: store, requestJSON: request.json)
    }

    /// Starts exporting the metadata of every instance (one row each, a column per top-level attribute)
    /// to a SQLite table.
    public func exportMetadata(from store: StoreName, to table: MetadataTable) async throws -> Operation {
        _ = try await self.store(store)
        let json = String(decoding: try JSONEncoder().encode(MetadataExportRequest(sqliteDestination: table)), as: UTF8.self)
        return try await startOperation(.exportDicomData, store: store, requestJSON: json)
    }

    func filterText(_ source: FilterSource) async throws -> (String, String) {
        switch source {
        case .text(let text, let name): return (text, name)
        case .bucket(let uri):
            do {
                let location = try StorageURI(uri)
                let data = try await storage.readAll(bucket: location.bucket, object: location.path, limit: 64 << 20)
                return (String(decoding: data, as: UTF8.self), uri)
            } catch { throw ServiceError(error) }
        }
    }
}

/// The request of a metadata export.
struct MetadataExportRequest: Codable, Sendable {
    var sqliteDestination: MetadataTable
}
