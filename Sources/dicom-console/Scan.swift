import ObjectStorage
import ArgumentParser
import DICOM
import Foundation

/// `dicom-console scan PATH...`: read the headers of every file and summarise what is there.
struct Scan: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read the headers of DICOM files (folders recursively) and summarise them.",
        discussion: "Prints how many files are DICOM, their bytes, studies, series and transfer syntaxes, and each file that is not readable. Exit code 1 when any file failed."
    )

    @Argument(help: "Files or folders.")
    var paths: [String]

    @Flag(help: "List each file that fails on stderr.")
    var verbose = false

    func run() throws {
        var files = 0, failed = 0, bytes = 0
        var studies = Set<String>(), series = Set<String>()
        var syntaxes: [String: Int] = [:]
        let start = Date()
        for path in FileWalk.expand(paths) {
            files += 1
            do {
                let file = try DICOMFile(path: path, options: .headerOnly)
                if let study = file.dataSet.string(.studyInstanceUID) { studies.insert(study) }
                if let uid = file.dataSet.string(.seriesInstanceUID) { series.insert(uid) }
                syntaxes[file.transferSyntax.name, default: 0] += 1
                var info = stat()
                if stat(path, &info) == 0 { bytes += Int(info.st_size) }
            } catch {
                failed += 1
                if verbose { printError("\(path): \(error)") }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        print("\(files - failed) DICOM files (\(bytes) bytes), \(failed) not readable, in \(String(format: "%.3f", seconds)) s")
        print("\(studies.count) studies, \(series.count) series")
        for (name, count) in syntaxes.sorted(by: { $0.value > $1.value }) { print("  \(count)\t\(name)") }
        if failed > 0 { throw ExitCode(1) }
    }
}
