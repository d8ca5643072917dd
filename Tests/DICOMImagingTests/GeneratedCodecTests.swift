import DICOM
import Foundation
import Testing
import TestSupport
@testable import DICOMImaging

/// Corpus images re-encoded by dcmtk (lossless JPEG with every predictor, JPEG-LS in every interleave
/// mode, RLE) and by OpenJPH (HTJ2K) decode back to the original samples.
@Suite("Codecs on files encoded by dcmtk and OpenJPH")
struct GeneratedCodecTests {
    /// The number of positions where two sample arrays differ (every position when the sizes differ).
    private func differing(_ a: [Int], _ b: [Int]) -> Int {
        a.count == b.count ? zip(a, b).filter { $0 != $1 }.count : max(a.count, b.count)
    }

    /// Encodes `source` with a dcmtk tool and decodes every frame of both files.
    private func roundTrip(_ source: String, tool: String, _ options: [String]) throws -> [(got: [Int], expected: [Int])] {
        guard Corpus.requireTool(tool), let url = Corpus.file(source) else { return [] }
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let output = folder.appendingPathComponent("encoded.dcm")
        let result = try Corpus.run(tool, options + [url.path, output.path])
        guard result.status == 0 else {
            Issue.record("\(tool) \(options) failed: \(result.stderr)")
            return []
        }
        let original = try DICOMFile(contentsOf: url), encoded = try DICOMFile(contentsOf: output)
        let frames = try PixelDescription(file: original).numberOfFrames
        return try (0..<frames).map { (try encoded.decodeFrame($0).samples.integers, try original.decodeFrame($0).samples.integers) }
    }

    @Test("lossless JPEG (process 14), predictors 1–7", arguments: 1...7)
    func losslessPredictors(_ predictor: Int) throws {
        for source in ["MR_small.dcm", "SC_rgb.dcm", "emri_small.dcm"] {
            for (got, expected) in try roundTrip(source, tool: "dcmcjpeg", ["+el", "+sv", String(predictor)]) {
                #expect(differing(got, expected) == 0, "\(source), predictor \(predictor)")
            }
        }
    }

    @Test("lossless JPEG SV1 with a point transform keeps the high bits")
    func pointTransform() throws {
        for (got, expected) in try roundTrip("MR_small.dcm", tool: "dcmcjpeg", ["+el", "+sv", "1", "+pt", "2"]) {
            #expect(differing(got, expected.map { ($0 >> 2) << 2 }) == 0)
        }
    }

    @Test("JPEG-LS lossless in every interleave mode, and near-lossless within its deviation")
    func jpegLS() throws {
        for mode in ["+il", "+is", "+in"] {
            for (got, expected) in try roundTrip("SC_rgb.dcm", tool: "dcmcjpls", [mode]) { #expect(differing(got, expected) == 0, "\(mode)") }
        }
        for (got, expected) in try roundTrip("MR_small.dcm", tool: "dcmcjpls", []) { #expect(differing(got, expected) == 0) }
        var changed = 0
        for (got, expected) in try roundTrip("emri_small.dcm", tool: "dcmcjpls", ["+en", "+md", "3"]) {
            #expect(got.count == expected.count && zip(got, expected).allSatisfy { abs($0 - $1) <= 3 })
            changed += differing(got, expected)
        }
        #expect(changed > 0)
    }

    @Test("RLE written by dcmtk")
    func rle() throws {
        for source in ["MR_small.dcm", "SC_rgb_16bit.dcm", "emri_small.dcm"] {
            for (got, expected) in try roundTrip(source, tool: "dcmcrle", []) { #expect(differing(got, expected) == 0, "\(source)") }
        }
    }

    @Test("HTJ2K (OpenJPH codestreams) decodes through OpenJPEG", arguments: [true, false])
    func htj2k(_ signed: Bool) throws {
        guard Corpus.requireTool("ojph_compress"), let url = Corpus.file(signed ? "MR_small.dcm" : "emri_small.dcm") else { return }
        let original = try DICOMFile(contentsOf: url)
        let description = try PixelDescription(file: original)
        let frame = try original.decodeFrame(0)
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let raw = folder.appendingPathComponent("frame.yuv"), encoded = folder.appendingPathComponent("frame.j2c")
        try TestDataSets.bytes(frame.samples.integers.map { UInt16(truncatingIfNeeded: $0) }).write(to: raw)
        let result = try Corpus.run("ojph_compress", [
            "-i", raw.path, "-o", encoded.path, "-reversible", "true", "-dims", "{\(description.columns),\(description.rows)}",
            "-num_comps", "1", "-signed", signed ? "true" : "false", "-bit_depth", String(description.bitsStored),
            "-downsamp", "{1,1}",
        ])
        guard result.status == 0 else { Issue.record("ojph_compress failed: \(result.stderr)"); return }
        var dataSet = original.dataSet
        dataSet[.pixelData] = DataElement(tag: .pixelData, vr: .OB,
                                          value: .fragments(EncapsulatedPixelData(fragments: [try Data(contentsOf: encoded)])))
        dataSet[.numberOfFrames] = nil
        var htj2k = description
        htj2k.transferSyntax = TransferSyntax.lookup("1.2.840.10008.1.2.4.201")
        htj2k.numberOfFrames = 1
        let decoded = try PixelDataDecoder.decodeFrame(0, of: dataSet, description: htj2k)
        #expect(decoded.samples.count == frame.samples.count && differing(decoded.samples.integers, frame.samples.integers) == 0)
    }

    @Test("the JPEG colour trap: an unmarked RGB stream is not converted from YCbCr")
    func colourTrap() throws {
        guard let plain = Corpus.file("SC_jpeg_no_color_transform.dcm"),
              let marked = Corpus.file("SC_jpeg_no_color_transform_2.dcm") else { return }
        let plainFile = try DICOMFile(contentsOf: plain)
        let a = try plainFile.decodeFrame(0), b = try DICOMFile(contentsOf: marked).decodeFrame(0)
        #expect(a.photometricInterpretation == .rgb && b.photometricInterpretation == .rgb)
        // The same picture encoded twice, without markers and with APP14 transform 0: decoded alike.
        func meanDifference(_ x: [Int], _ y: [Int]) -> Double {
            Double(zip(x, y).map { abs($0 - $1) }.reduce(0, +)) / Double(max(x.count, 1))
        }
        #expect(meanDifference(a.samples.integers, b.samples.integers) < 3)
        // Left to libjpeg's own guess, the unmarked stream would be taken as YCbCr and converted.
        let fragments = try #require(plainFile.dataSet[.pixelData]?.fragments)
        let guessed = try RenderedImage(jpeg: fragments.frame(0, numberOfFrames: 1))
        #expect(meanDifference(guessed.pixels.map(Int.init), b.samples.integers) > 20)
    }

    @Test("12-bit JPEG decodes through DCMTK when linked, and is otherwise refused with a reason")
    func twelveBit() throws {
        guard let extended = Corpus.file("JPGExtended.dcm"), let lossy = Corpus.file("JPEG-lossy.dcm") else { return }
        guard PixelDataDecoder.decodesTwelveBitJPEG else {
            let error = try #require(throws: ImagingError.self) { try DICOMFile(contentsOf: extended).decodeFrame(0) }
            #expect(error.kind == .unsupported && error.description.contains("12-bit JPEG"))
            return
        }
        // The two files hold the same 12-bit picture; the oracle checks JPGExtended against pydicom.
        let a = try DICOMFile(contentsOf: extended).decodeFrame(0).samples.integers
        let b = try DICOMFile(contentsOf: lossy).decodeFrame(0).samples.integers
        #expect(a.count == 262_144 && a.count == b.count && zip(a, b).allSatisfy { abs($0 - $1) <= 1 })
        #expect((a.max() ?? 0) > 255)
    }
}
