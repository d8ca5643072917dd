import ArgumentParser
import Console
import DicomStore
import Foundation
import ObjectStorage

/// `dicom-console` with no arguments (or `dicom-console console`): the ncurses console. Operations it
/// starts run in detached worker processes, so they go on after the console quits.
struct ConsoleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "console", abstract: "Open the terminal console (the default without a subcommand).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "No colours (as NO_COLOR does).") var noColor = false
    @Flag(help: "ASCII symbols only (+ x [###...]) even in a UTF-8 locale.") var ascii = false
    @Flag(help: "No action that changes data.") var readOnly = false
    @Flag(inversion: .prefixedNo, help: "Clicks on tabs, rows and key hints (off: the terminal keeps its own text selection).")
    var mouse = true
    @Flag(help: "Fewer redraws for slow connections (at most 2 background updates a second).") var slowLink = false

    func run() async throws {
        let config = Defaults.load()
        var options = ConsoleOptions(dataDirectory: global.dataDirectory, project: config.project ?? Defaults.project,
                                     location: config.location ?? Defaults.location)
        options.noColor = noColor
        options.ascii = ascii
        options.readOnly = readOnly
        options.slowLink = slowLink
        options.mouse = mouse
        options.samplesFolder = SampleLocator.find()
        options.endpoint = try global.remoteEndpoint?.absoluteString
        var status: Int32 = 0
        try await withService(global, detachedWorkers: true) { service in
            if options.endpoint == nil {
                // The setup's choice of data directory: the same service over the new folder (same Cloud
                // Storage client), remembered in config.json for the console and the CLI alike.
                let remote = service.storage.remote
                options.relocate = { directory in
                    let moved = try embeddedService(at: directory, remote: remote, detachedWorkers: true)
                    var defaults = Defaults.load()
                    defaults.dataDirectory = directory.path
                    try defaults.save()
                    return moved
                }
            }
            status = await ConsoleApp.run(service: service, options: options)
        }
        if status != 0 { throw ExitCode(status) }
    }
}
