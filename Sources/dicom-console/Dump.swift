import ObjectStorage
import ArgumentParser
import DICOM
import Foundation

/// `dicom-console dump FILE...`: a dcmdump-like listing, or one DICOM JSON object per file.
struct Dump: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "List the attributes of DICOM files (like dcmdump), or print them as DICOM JSON.",
        discussion: """
            Every file is read on its own: a file that fails is reported on stderr and the others still \
            print. The exit code is 1 when any file failed.
            """
    )

    @Argument(help: "DICOM files (Part 10, or raw data sets); a folder means every file below it.")
    var files: [String]

    @Flag(help: "Print DICOM JSON (PS3.18 F.2): one compact object per line, one line per file.")
    var json = false

    @Flag(help: "Indent JSON output.")
    var pretty = false

    @Flag(name: [.customShort("M"), .long], help: "Stop before Pixel Data (read headers only).")
    var headerOnly = false

    @Option(help: "With --json, bulk values longer than this many bytes become a BulkDataURI.")
    var bulkThreshold = 1024

    @Flag(help: "With --json, include the file meta information group (0002,xxxx).")
    var meta = false

    @Flag(help: "Print tolerated defects (odd lengths, missing delimiters…) on stderr.")
    var warnings = false

    func run() throws {
        var failed = 0
        let out = FileHandle.standardOutput
        let options = headerOnly ? ReadOptions.headerOnly : ReadOptions.full
        for path in FileWalk.expand(files) {
            let text: [UInt8]
            do {
                let file = try DICOMFile(path: path, options: options)
                if warnings {
                    for warning in file.warnings { printError("\(path): warning: \(warning)") }
                }
                text = json ? Array(jsonText(file, path: path).utf8) : DumpFormatter().formatBytes(file)
            } catch {
                failed += 1
                printError("\(path): \(error)")
                continue
            }
            out.write(Data(text + [0x0A]))
        }
        if failed > 0 { throw ExitCode(1) }
    }

    private func jsonText(_ file: DICOMFile, path: String) -> String {
        let absolute = URL(fileURLWithPath: path).standardizedFileURL.path
        let options = DICOMJSON.Options(bulkDataThreshold: bulkThreshold) { element in
            guard let offset = element.valueOffset else { return nil }
            let length = element.bytes.map { "&length=\($0.count)" } ?? ""
            return "file://\(absolute)?offset=\(offset)\(length)"
        }
        var dataSet = file.dataSet
        if meta {
            for element in file.fileMetaInformation.elements { dataSet.set(element) }
        }
        return DICOMJSON.encode(dataSet, options: options, pretty: pretty)
    }
}

/// Writes a line to standard error, after flushing standard output so the two stay in order on a terminal.
func printError(_ message: String, newline: Bool = true) {
    fflush(nil)  // all output streams: `stdout` itself is not concurrency-safe to name in Swift 6
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}
