import ObjectStorage
import ArgumentParser
import DICOM
import Foundation
import Synchronization

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
        var output = OrderedOutput()
        let paths = FileWalk.expand(files)
        // Files are read in parallel, a window at a time, and printed in their order.
        let window = 256
        for start in stride(from: 0, to: paths.count, by: window) {
            let chunk = Array(paths[start..<min(start + window, paths.count)])
            for (path, result) in zip(chunk, listings(of: chunk)) {
                switch result {
                case .success(let listing):
                    if !listing.warnings.isEmpty {
                        output.flush()
                        for warning in listing.warnings { printError("\(path): warning: \(warning)") }
                    }
                    output.append(listing.text)
                case .failure(let failure):
                    failed += 1
                    output.flush()
                    printError("\(path): \(failure.message)")
                }
            }
        }
        output.flush()
        if failed > 0 { throw ExitCode(1) }
    }

    /// What one file prints: its listing (or JSON line) and the defects tolerated while reading it.
    private struct Listing: Sendable {
        var text: [UInt8]
        var warnings: [String]
    }

    /// The listings of `paths`, read on every core (each file on its own: a failure is its own result).
    private func listings(of paths: [String]) -> [Result<Listing, ListingFailure>] {
        let options = headerOnly ? ReadOptions.headerOnly : ReadOptions.full
        let results = Mutex([Result<Listing, ListingFailure>?](repeating: nil, count: paths.count))
        DispatchQueue.concurrentPerform(iterations: paths.count) { index in
            let path = paths[index]
            let result: Result<Listing, ListingFailure>
            do {
                let file = try DICOMFile(path: path, options: options)
                let text = json ? Array(jsonText(file, path: path).utf8) : DumpFormatter().formatBytes(file)
                result = .success(Listing(text: text, warnings: warnings ? file.warnings.map { "\($0)" } : []))
            } catch {
                result = .failure(ListingFailure(message: "\(error)"))
            }
            results.withLock { $0[index] = result }
        }
        return results.withLock { $0.map { $0! } }
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

/// Why a file printed nothing.
private struct ListingFailure: Error, Sendable {
    var message: String
}

/// Standard output gathered into large writes (one `write` per file cost as much as parsing it).
private struct OrderedOutput {
    private var buffer: [UInt8] = []

    /// Adds a line.
    mutating func append(_ text: [UInt8]) {
        buffer += text
        buffer.append(0x0A)
        if buffer.count >= 1 << 16 { flush() }
    }

    /// Writes what is gathered.
    mutating func flush() {
        guard !buffer.isEmpty else { return }
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Writes a line to standard error, after flushing standard output so the two stay in order on a terminal.
func printError(_ message: String, newline: Bool = true) {
    fflush(nil)  // all output streams: `stdout` itself is not concurrency-safe to name in Swift 6
    FileHandle.standardError.write(Data((message + (newline ? "\n" : "")).utf8))
}
