import DICOM
import DICOMImaging
import Foundation
import ObjectStorage
import Testing
@testable import DicomStore

extension StoreTests {
    /// Every syntax the export writes is read by dcmdump and by pydicom (which also decodes the pixels,
    /// with its pylibjpeg/pyjpegls plugins): lossless ones must give back the original pixel array.
    @Suite("Exported files read by dcmtk and pydicom")
    struct ExportInteropTests {
        @Test("each transfer syntax the export writes")
        func everySyntax() throws {
            let corpus = try TestData.pydicomTestFiles()
            let sources = [corpus.appendingPathComponent("CT_small.dcm"), corpus.appendingPathComponent("SC_rgb_small_odd.dcm"),
                           try TestData.dataStoreCorpus().appendingPathComponent("SC_rgb_2frame.dcm")]
            let syntaxes: [TransferSyntax] = [.explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian,
                                              .deflatedExplicitVRLittleEndian, .rleLossless, .jpegLSLossless, .jpeg2000Lossless, .jpegBaseline]
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("export-interop-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var lines: [String] = []
            for source in sources {
                let file = try DICOMFile(contentsOf: source)
                for syntax in syntaxes {
                    guard syntax != .jpegBaseline || file.dataSet.int(.bitsAllocated) == 8 else { continue }
                    let data = file.dataSet[.pixelData]?.fragments == nil && !syntax.isEncapsulated
                        ? try file.encoded(as: syntax) : try ImagingPipeline().transcode(file, to: syntax)
                    let out = directory.appendingPathComponent("\(source.lastPathComponent)-\(syntax.uid).dcm")
                    try data.write(to: out)
                    let dump = try TestData.run("dcmdump", ["-q", out.path])
                    #expect(dump.status == 0 && dump.errors.isEmpty, "dcmdump on \(out.lastPathComponent): \(dump.errors)")
                    lines.append("\(out.path)\t\(source.path)\t\(syntax.uid)\t\(syntax.isLossy ? 1 : 0)")
                }
            }
            let script = """
                import sys, warnings
                import numpy as np, pydicom
                warnings.filterwarnings("ignore")
                bad = 0
                for line in sys.argv[1:]:
                    out, source, uid, lossy = line.split("\\t")
                    ds = pydicom.dcmread(out)
                    if ds.file_meta.TransferSyntaxUID != uid:
                        print(f"{out}: syntax {ds.file_meta.TransferSyntaxUID}"); bad += 1; continue
                    a = ds.pixel_array.astype(np.int64)
                    b = pydicom.dcmread(source).pixel_array.astype(np.int64)
                    if lossy == "1":
                        ok = a.shape == b.shape
                    else:
                        ok = a.shape == b.shape and np.array_equal(a, b)
                    if not ok:
                        print(f"{out}: pixels differ from {source}"); bad += 1
                print(f"{len(sys.argv) - 1 - bad} passed, {bad} failed")
                sys.exit(1 if bad else 0)
                """
            let result = try TestData.run("python3", ["-c", script] + lines)
            #expect(result.status == 0, "\(result.output)\(result.errors)")
            #expect(lines.count >= 22)
        }
    }
}
