import ObjectStorage
import DICOM
import Foundation
@testable import DicomStore

/// The DICOM files the tests import: pydicom's test files and the pydicom-data corpus (found through
/// the Python packages that ship them), and files written from them.
enum TestData {
    /// Ten pydicom test files with all four identifying UIDs, each a different SOP Instance UID.
    static let goodFiles = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "JPEG2000.dcm", "JPEG-lossy.dcm",
                            "693_J2KI.dcm", "reportsi.dcm", "test-SR.dcm", "SC_rgb_small_odd.dcm", "rtdose.dcm"]

    /// pydicom's `data/test_files` folder.
    static func pydicomTestFiles() throws -> URL { try pydicomFolder.get() }

    /// The pydicom-data corpus folder (package `data_store`).
    static func dataStoreCorpus() throws -> URL { try corpusFolder.get() }

    // Asked of Python once per test run (each call starts an interpreter).
    private static let pydicomFolder = Result {
        URL(fileURLWithPath: try python("import pydicom, os; print(os.path.dirname(pydicom.__file__))"))
            .appendingPathComponent("data/test_files")
    }
    private static let corpusFolder = Result {
        URL(fileURLWithPath: try python("import data_store, os; print(os.path.dirname(data_store.__file__) + '/data')"))
    }

    /// Runs `python3 -c code` and returns its standard output, trimmed.
    static func python(_ code: String) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw FixtureError("python3 -c \(code) failed (is the package installed?)") }
        return String(decoding: output, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Runs a program found on PATH, with standard error in a file so neither pipe can block the child.
    static func run(_ program: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [program] + arguments
        let errorsURL = FileManager.default.temporaryDirectory.appendingPathComponent("stderr-\(UUID().uuidString)")
        _ = FileManager.default.createFile(atPath: errorsURL.path, contents: nil)
        defer { try? FileManager.default.removeItem(at: errorsURL) }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = try FileHandle(forWritingTo: errorsURL)
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errors = (try? Data(contentsOf: errorsURL)).map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), errors)
    }

    /// The blob store's content key of `data` (`BlobKey`).
    static func contentKey(_ data: Data) -> String { data.withUnsafeBytes { BlobKey.content(of: $0) } }

    /// The four UIDs the import requires, or nil when one is missing (the service's rule).
    static func identity(of file: DICOMFile) -> (study: String, series: String, sop: String, sopClass: String)? {
        let set = file.dataSet
        guard let study = set.string(.studyInstanceUID), let series = set.string(.seriesInstanceUID),
              let sop = set.string(.sopInstanceUID), let sopClass = set.string(.sopClassUID) else { return nil }
        return (study, series, sop, sopClass)
    }

    /// Writes bytes to `folder/relative`, creating folders.
    @discardableResult
    static func write(_ data: Data, to folder: URL, _ relative: String) throws -> URL {
        let url = folder.appendingPathComponent(relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
        return url
    }

    /// Writes `count` copies of a small DICOM file, each with its own SOP Instance UID, 100 per folder;
    /// returns their SOP Instance UIDs. The file is encoded once with a placeholder UID whose bytes (in
    /// the meta group and the data set) are then overwritten with same-length UIDs.
    static func writeDistinctInstances(count: Int, into folder: URL) throws -> Set<String> {
        var file = try DICOMFile(path: try pydicomTestFiles().appendingPathComponent("SC_rgb_small_odd.dcm").path)
        let prefix = "2.25.1000000000000000000"
        func uid(_ index: Int) -> String { prefix + String(format: "%05d", index) }
        let placeholder = Array("\(prefix)99999".utf8)
        file.dataSet.set(.text(.sopInstanceUID, .UI, String(decoding: placeholder, as: UTF8.self)))
        let template = try file.encoded()
        let bytes = [UInt8](template)
        let offsets = (0...(bytes.count - placeholder.count)).filter { bytes[$0..<($0 + placeholder.count)].elementsEqual(placeholder) }
        guard offsets.count == 2 else { throw FixtureError("the placeholder UID occurs \(offsets.count) times, not 2") }
        var uids = Set<String>()
        for index in 0..<count {
            if index % 100 == 0 {
                try FileManager.default.createDirectory(at: folder.appendingPathComponent(String(format: "part%02d", index / 100)),
                                                        withIntermediateDirectories: true)
            }
            let value = uid(index)
            var copy = bytes
            for offset in offsets { copy.replaceSubrange(offset..<(offset + placeholder.count), with: Array(value.utf8)) }
            try Data(copy).write(to: folder.appendingPathComponent(String(format: "part%02d/i%05d.dcm", index / 100, index)))
            uids.insert(value)
        }
        return uids
    }
}
