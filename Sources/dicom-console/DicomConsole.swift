import ObjectStorage
import ArgumentParser

/// The one executable: with no arguments it opens the console; subcommands are the CLI.
@main
struct DicomConsole: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dicom-console",
        abstract: "Import and export DICOM through cloud storage, from a terminal.",
        subcommands: [Dump.self, Scan.self, Convert.self, StorageCommand.self, DatasetsCommand.self, DicomStoresCommand.self,
                      OperationsCommand.self, ConfigCommand.self, ServeCommand.self, ConsoleCommand.self],
        defaultSubcommand: ConsoleCommand.self
    )
}
