import ObjectStorage
import ArgumentParser
import DICOM
import DicomStore
import Foundation

/// Options that name a dataset in a location.
struct DatasetOptions: ParsableArguments {
    @OptionGroup var location: LocationOptions
    @Option(help: "Dataset ID.") var dataset: String

    var datasetName: DatasetName { get throws { try DatasetName(location.locationName, id: dataset) } }
}

/// `dicom-console dicom-stores create|list|describe|delete|import`, shaped like `gcloud healthcare dicom-stores`.
struct DicomStoresCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom-stores", abstract: "Manage DICOM stores and import into them.",
        subcommands: [Create.self, List.self, Describe.self, Delete.self, Import.self, ExportCommand.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a DICOM store.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "DICOM store ID.") var store: String
        @OptionGroup var labels: LabelOptions
        func run() async throws {
            let labels = try labels.parsed
            try await withService(options.location.global) { service in
                let created = try await service.createStore(StoreName(options.datasetName, id: store), labels: labels)
                printError("Created dicomStore [\(created.name.id)].")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the DICOM stores of a dataset, with their counts.")
        @OptionGroup var options: DatasetOptions
        func run() async throws {
            try await withService(options.location.global) { service in
                let stores = try await service.stores(in: options.datasetName)
                if options.location.format == .json { return emit(.array(stores.map(RESTShapes.store)), .json) }
                print("ID\tSTUDIES\tSERIES\tINSTANCES\tBYTES")
                for store in stores {
                    print("\(store.name.id)\t\(store.studyCount)\t\(store.seriesCount)\t\(store.instanceCount)\t\(store.totalBytes)")
                }
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a DICOM store.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "DICOM store ID.") var store: String
        func run() async throws {
            try await withService(options.location.global) { service in
                emit(RESTShapes.store(try await service.store(StoreName(options.datasetName, id: store))), options.location.format)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a DICOM store and its instances.")
        @OptionGroup var options: DatasetOptions
        @Argument(help: "DICOM store ID.") var store: String
        func run() async throws {
            try await withService(options.location.global) { service in
                try await service.deleteStore(StoreName(options.datasetName, id: store))
                printError("Deleted dicomStore [\(store)].")
            }
        }
    }

    /// `dicom-stores import gcs STORE --gcs-uri=…`.
    struct Import: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Import DICOM objects into a store.", subcommands: [GCS.self])

        struct GCS: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "gcs",
                abstract: "Import the objects a gs:// URI names (wildcards *, ?, and a final ** allowed).",
                discussion: "Without --async, waits for the operation and prints it; with --async, prints the operation at once while a background worker runs it.")
            @OptionGroup var options: DatasetOptions
            @Argument(help: "DICOM store ID.") var store: String
            @Option(help: "gs://BUCKET/PATH, e.g. gs://bucket/dir/**.dcm.") var gcsUri: String
            @Option(help: "STANDARD, NEARLINE, COLDLINE or ARCHIVE.") var blobStorageClass: String?
            @Flag(name: .customLong("async"), help: "Return at once; the import runs in a background worker.") var runAsync = false

            func run() async throws {
                try await withService(options.location.global, detachedWorkers: runAsync) { service in
                    let storageClass = try blobStorageClass.map(StorageClass.init(parsing:))
                    let started = try await service.importDicom(into: StoreName(options.datasetName, id: store),
                                                                gcsURI: gcsUri, storageClass: storageClass)
                    try await report(started, verb: "import", async: runAsync, format: options.location.format, service: service)
                }
            }
        }
    }
}
