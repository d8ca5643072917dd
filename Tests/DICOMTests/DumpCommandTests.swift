import Foundation
import Testing
import TestSupport

/// `dicom-console dump` over a folder: files are read in parallel but print in sorted order, each failure
/// on stderr at its place, and the exit code says that some failed.
@Suite("dump over a folder")
struct DumpCommandTests {
    @Test("a folder's listing equals the files' own listings in name order; bad files fail alone, in order")
    func folderListingKeepsOrder() throws {
        guard let binary = Corpus.binary() else { return }
        let names = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "JPEG2000.dcm", "SC_rgb.dcm"]
        let sources = names.compactMap { name in Corpus.files().first { $0.lastPathComponent == name } }
        #expect(sources.count == 5, "the corpus has the five sample files")
        let folder = try Corpus.temporaryFolder("dump")
        defer { try? FileManager.default.removeItem(at: folder) }
        // 600 files (more than one parallel window), two of them bad, in an order the names decide.
        var sourceOf: [Int: Int] = [:]
        for index in 0..<600 {
            let target = folder.appendingPathComponent(String(format: "f%04d.dcm", index))
            if index == 17 {
                try Data("not a DICOM file".utf8).write(to: target)
            } else if index == 433 {
                try Data().write(to: target)  // empty
            } else {
                try FileManager.default.copyItem(at: sources[index % sources.count], to: target)
                sourceOf[index] = index % sources.count
            }
        }
        let whole = try Corpus.run(binary, ["dump", "-M", folder.path])
        #expect(whole.status == 1, "some files failed")
        // A listing does not name its file: the expected output is each source's own listing, in name order.
        let single = try sources.map { try Corpus.run(binary, ["dump", "-M", $0.path]).stdout }
        let listings = (0..<600).compactMap { sourceOf[$0].map { single[$0] } }.joined()
        let empty = try Corpus.run(binary, ["dump", "-M", folder.appendingPathComponent("f0433.dcm").path])
        #expect(empty.status == 1 && !empty.stderr.isEmpty, "the empty file fails on its own too")
        let errors = whole.stderr.split(separator: "\n").map(String.init)
        #expect(errors.count == 2 && errors[0].contains("f0017.dcm") && errors[1].contains("f0433.dcm"), "\(errors)")
        #expect(whole.stdout == listings, "the folder's listing is the files' listings, in name order")
    }
}
