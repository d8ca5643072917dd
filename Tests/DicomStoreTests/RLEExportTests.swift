import DICOM
@testable import DICOMImaging
import Foundation
import ObjectStorage
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Transcoding into compressed syntaxes")
    struct RLEExportTests {
        @Test("native corpus images encode to RLE and decode back to the same samples; dcmtk reads them")
        func roundTrip() throws {
            let corpus = try TestData.pydicomTestFiles()
            let names = ["CT_small.dcm", "MR_small.dcm", "SC_rgb.dcm", "SC_rgb_16bit.dcm", "SC_rgb_2frame.dcm", "OBXXXX1A.dcm",
                         "MR_small_bigendian.dcm", "rtdose.dcm", "SC_rgb_small_odd.dcm", "MR_small_RLE.dcm", "JPEG2000.dcm"]
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("rle-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: directory) }
            var checked = 0
            for name in names {
                let candidates = [corpus.appendingPathComponent(name), try TestData.dataStoreCorpus().appendingPathComponent(name)]
                guard let url = candidates.first(where: { FileManager.default.fileExists(atPath: $0.path) }) else { continue }
                let original = try DICOMFile(contentsOf: url)
                let frames = max(1, original.dataSet.int(.numberOfFrames) ?? 1)
                // JPEG-LS holds at most 16 bits a sample (rtdose's 32-bit doses are RLE only).
                let wide = (original.dataSet.int(.bitsAllocated) ?? 16) > 16
                for syntax in wide ? [TransferSyntax.rleLossless] : [.jpegLSLossless, .rleLossless, .jpeg2000Lossless] {
                    let back = try DICOMFile(data: ImagingPipeline().transcode(original, to: syntax))
                    #expect(back.transferSyntax == syntax, "\(name)")
                    for index in 0..<frames {
                        #expect(try back.decodeFrame(index).samples.integers == original.decodeFrame(index).samples.integers, "\(name) \(syntax.name) frame \(index)")
                    }
                }
                let encoded = try ImagingPipeline().transcode(original, to: .rleLossless)
                let path = directory.appendingPathComponent(name).path
                try encoded.write(to: URL(fileURLWithPath: path))
                let run = Process()
                run.executableURL = URL(fileURLWithPath: "/usr/bin/dcmdrle")
                run.arguments = [path, path + ".raw"]
                try run.run()
                run.waitUntilExit()
                #expect(run.terminationStatus == 0, "dcmdrle could not decompress our \(name)")
                checked += 1
            }
            #expect(checked >= 8, "only \(checked) corpus files found")
        }

        @Test("JPEG baseline: 8-bit RGB and greyscale encode, decode close to the original, marked lossy")
        func baseline() throws {
            let corpus = try TestData.pydicomTestFiles()
            for (folder, name) in [(try TestData.dataStoreCorpus(), "SC_rgb.dcm"), (corpus, "SC_rgb_small_odd.dcm"), (corpus, "SC_rgb_jpeg.dcm")] {
                let original = try DICOMFile(contentsOf: folder.appendingPathComponent(name))
                let back = try DICOMFile(data: ImagingPipeline().transcode(original, to: .jpegBaseline))
                #expect(back.transferSyntax == .jpegBaseline && back.dataSet.string(Tag(0x0028_2110)) == "01")
                let a = try original.renderFrame(0).pixels, b = try back.renderFrame(0).pixels
                #expect(a.count == b.count)
                let error = zip(a, b).map { abs(Int($0) - Int($1)) }.reduce(0, +) / max(1, a.count)
                #expect(error <= 3, "\(name): mean error \(error)")
            }
            let grey = try DICOMFile(contentsOf: corpus.appendingPathComponent("CT_small.dcm"))
            #expect(throws: ServiceError.self) { try ImagingPipeline().transcode(grey, to: .jpegBaseline) }  // 16-bit
        }

        @Test("PackBits: runs, literals and 128-byte limits")
        func packBits() {
            var out: [UInt8] = []
            RLEEncoder.packBits([1, 1, 1, 2, 3, 4, 4][...], into: &out)
            #expect(out == [0xFE, 1, 1, 2, 3, 0xFF, 4])
            out = []
            RLEEncoder.packBits(ArraySlice(repeating: 7, count: 130), into: &out)
            #expect(out == [0x81, 7, 0xFF, 7])
            out = []
            RLEEncoder.packBits(ArraySlice((0..<130).map { UInt8($0) }), into: &out)
            #expect(out.count == 132 && out[0] == 127 && out[129] == 1)
        }
    }
}
