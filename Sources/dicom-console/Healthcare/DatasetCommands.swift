import ObjectStorage
import ArgumentParser
import DICOM
import DicomStore
import Foundation

/// `dicom-console datasets create|list|describe|delete`, shaped like `gcloud healthcare datasets`.
struct DatasetsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets", abstract: "Manage datasets (the containers of DICOM stores and operations).",
        subcommands: [Create.self, List.self, Describe.self, Delete.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create a dataset.")
        @OptionGroup var options: LocationOptions
        @Argument(help: "Dataset ID.") var dataset: String
        @OptionGroup var labels: LabelOptions
        func run() async throws {
            let labels = try labels.parsed
            try await withService(options.global) { service in
                let created = try await service.createDataset(DatasetName(options.locationName, id: dataset), labels: labels)
                printError("Created dataset [\(created.name.id)].")
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the datasets of a location.")
        @OptionGroup var options: LocationOptions
        func run() async throws {
            try await withService(options.global) { service in
                let datasets = try await service.datasets(in: options.locationName)
                if options.format == .json { return emit(.array(datasets.map(RESTShapes.dataset)), .json) }
                print("ID\tLOCATION\tTIMEZONE")
                for dataset in datasets { print("\(dataset.name.id)\t\(dataset.name.parent.location)\tUTC") }
            }
        }
    }

    struct Describe: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show a dataset.")
        @OptionGroup var options: LocationOptions
        @Argument(help: "Dataset ID.") var dataset: String
        func run() async throws {
            try await withService(options.global) { service in
                emit(RESTShapes.dataset(try await service.dataset(DatasetName(options.locationName, id: dataset))), options.format)
            }
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Delete a dataset (with --force, also its stores and instances).")
        @OptionGroup var options: LocationOptions
        @Argument(help: "Dataset ID.") var dataset: String
        @Flag(help: "Delete the dataset's DICOM stores and instances too.") var force = false
        func run() async throws {
            try await withService(options.global) { service in
                try await service.deleteDataset(DatasetName(options.locationName, id: dataset), force: force)
                printError("Deleted dataset [\(dataset)].")
            }
        }
    }
}
