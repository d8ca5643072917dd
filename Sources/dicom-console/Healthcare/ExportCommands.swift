import ArgumentParser
import DICOM
import DicomStore
import Foundation
import ObjectStorage

/// `dicom-stores export gcs|bq STORE …`, shaped like `gcloud healthcare dicom-stores export`.
struct ExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "export", abstract: "Export a store's instances or metadata.",
                                                    subcommands: [GCS.self, BQ.self])

    struct GCS: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gcs",
            abstract: "Export instances to a bucket folder: as stored, transcoded, raw pixel data, or images.",
            discussion: """
                --mime-type: application/dicom (default; "; transfer-syntax=UID" to transcode, "=*" as stored), \
                application/octet-stream[; transfer-syntax=*|1.2.840.10008.1.2.1], image/png, image/jpeg. \
                Objects are written as PREFIX/STUDY/SERIES/SOP.ext (SOP/FRAME.ext for frames of multi-frame images).
                """)
        @OptionGroup var options: DatasetOptions
        @Argument(help: "DICOM store ID.") var store: String
        @Option(help: "gs://BUCKET[/FOLDER] to write to (created as needed).") var gcsUriPrefix: String
        @Option(help: "What to write (see above).") var mimeType: String?
        @Option(help: "A filter file of /studies/…[/series/…[/instances/…]] lines: gs://… or a local path.") var filterConfigGcsUri: String?
        @Flag(name: .customLong("async"), help: "Return at once; a background worker runs the export.") var runAsync = false

        func run() async throws {
            try await withService(options.location.global, detachedWorkers: runAsync) { service in
                var filter: FilterSource?
                if let path = filterConfigGcsUri {
                    if path.hasPrefix("gs://") {
                        filter = .bucket(path)
                    } else {
                        guard let data = FileManager.default.contents(atPath: path) else {
                            throw ServiceError(.notFound, "cannot read the filter file \(path)")
                        }
                        filter = .text(String(decoding: data, as: UTF8.self), name: path)
                    }
                }
                let started = try await service.exportDicom(from: StoreName(options.datasetName, id: store), uriPrefix: gcsUriPrefix,
                                                            mimeType: mimeType, filter: filter)
                try await report(started, verb: "export", async: runAsync, format: options.location.format, service: service)
            }
        }
    }

    struct BQ: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bq",
            abstract: "Export instance metadata to a table: one row per instance, one column per attribute keyword.",
            discussion: "The table is a SQLite table: --bq-table=sqlite:///PATH.db?table=NAME (this product's stand-in for BigQuery).")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "DICOM store ID.") var store: String
        @Option(help: "sqlite:///PATH.db?table=NAME") var bqTable: String
        @Option(help: "write-empty (default), write-truncate or write-append.") var writeDisposition = "write-empty"
        @Flag(name: .customLong("async"), help: "Return at once; a background worker runs the export.") var runAsync = false

        func run() async throws {
            try await withService(options.location.global, detachedWorkers: runAsync) { service in
                guard let disposition = MetadataTable.Disposition(rawValue: writeDisposition.uppercased().replacingOccurrences(of: "-", with: "_")) else {
                    throw ServiceError(.invalidArgument, "--write-disposition must be write-empty, write-truncate or write-append")
                }
                let table = try MetadataTable(uri: bqTable, disposition: disposition)
                let started = try await service.exportMetadata(from: StoreName(options.datasetName, id: store), to: table)
                try await report(started, verb: "export", async: runAsync, format: options.location.format, service: service)
            }
        }
    }
}
