import Foundation
import Testing
import TestSupport
@testable import DICOM

/// What we write must be read by the reference toolkits, and what dcmtk writes from our output must
/// read back the same. These tests run dcmtk's dcmdump and dcmconv and pydicom; a missing tool fails.
@Suite("Interoperability with dcmtk and pydicom", .serialized)
struct InteropTests {
    static let samples = ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "nested_priv_SQ.dcm", "SC_rgb_small_odd.dcm",
                          "chrH31.dcm", "ExplVR_BigEnd.dcm", "image_dfl.dcm", "test-SR.dcm", "OBXXXX1A.dcm"]

    func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("dicom-interop-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("dcmdump reads every file we write, in every writable syntax, without complaint")
    func dcmdumpReadsOurFiles() throws {
        guard Corpus.requireTool("dcmdump") else { return }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        for name in Self.samples {
            guard let url = Corpus.file(name) else { continue }
            let file = try DICOMFile(contentsOf: url)
            for syntax in TransferSyntax.writable {
                let out = directory.appendingPathComponent("\(name)-\(syntax.uid).dcm")
                try file.write(to: out, as: syntax)
                let dump = try Corpus.run("dcmdump", ["-q", out.path])
                #expect(dump.status == 0, "dcmdump failed on \(name) as \(syntax.name): \(dump.stderr)")
                #expect(dump.stderr.isEmpty, "dcmdump warned on \(name) as \(syntax.name): \(dump.stderr)")
                #expect(dump.stdout.contains("(0002,0010) UI =") || dump.stdout.contains(syntax.uid))
            }
        }
    }

    @Test("what dcmconv writes from our output reads back as the original data set")
    func dcmconvOfOurOutput() throws {
        guard Corpus.requireTool("dcmconv") else { return }
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let flags: [(String, TransferSyntax)] = [("+ti", .implicitVRLittleEndian), ("+te", .explicitVRLittleEndian),
                                                 ("+tb", .explicitVRBigEndian), ("+td", .deflatedExplicitVRLittleEndian)]
        for name in Self.samples {
            guard let url = Corpus.file(name) else { continue }
            let original = try DICOMFile(contentsOf: url)
            let ours = directory.appendingPathComponent("ours-\(name)")
            try original.write(to: ours, as: .explicitVRLittleEndian)
            for (flag, syntax) in flags {
                let converted = directory.appendingPathComponent("conv\(flag)-\(name)")
                let run = try Corpus.run("dcmconv", [flag, ours.path, converted.path])
                #expect(run.status == 0, "dcmconv \(flag) \(name): \(run.stderr)")
                let back = try DICOMFile(contentsOf: converted)
                #expect(back.transferSyntax == syntax)
                let compareVR = syntax.isExplicitVR
                let difference = Canonical.firstDifference(Canonical.lines(original.dataSet, compareVR: compareVR),
                                                           Canonical.lines(back.dataSet, compareVR: compareVR))
                #expect(difference == nil, "\(name) via dcmconv \(flag): \(difference ?? "")")
            }
        }
    }

    @Test("pydicom reads every file we write with the syntax we wrote")
    func pydicomReadsOurFiles() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        var expected: [String] = []
        for name in Self.samples {
            guard let url = Corpus.file(name) else { continue }
            let file = try DICOMFile(contentsOf: url)
            for syntax in TransferSyntax.writable {
                let out = directory.appendingPathComponent("\(name)-\(syntax.uid).dcm")
                try file.write(to: out, as: syntax)
                let count = file.dataSet.elements.filter { !$0.tag.isGroupLength }.count
                expected.append("\(out.path)\t\(syntax.uid)\t\(count)")
            }
        }
        let script = """
            import sys, pydicom
            bad = 0
            for line in sys.argv[1:]:
                path, uid, count = line.split("\\t")
                ds = pydicom.dcmread(path)
                n = len([e for e in ds if e.tag.element != 0])
                if ds.file_meta.TransferSyntaxUID != uid or n != int(count):
                    print(f"{path}: syntax {ds.file_meta.TransferSyntaxUID}, {n} elements, expected {uid}, {count}")
                    bad += 1
            print(f"{len(sys.argv) - 1 - bad} passed, {bad} failed")
            sys.exit(1 if bad else 0)
            """
        let run = try Corpus.run("python3", ["-c", script] + expected)
        #expect(run.status == 0, "\(run.stdout)\(run.stderr)")
    }
}
