import DICOM
import Foundation
import Testing
import TestSupport
@testable import DICOMImaging

@Suite("PNG and JPEG output")
struct ImageOutputTests {
    private func rendered(_ name: String) throws -> RenderedImage? {
        guard let url = Corpus.file(name) else { return nil }
        return try DICOMFile(contentsOf: url).renderFrame(0)
    }

    @Test("PNG round-trips exactly, grey and RGB", arguments: ["CT_small.dcm", "US1_UNCR.dcm", "OBXXXX1A.dcm", "SC_rgb_small_odd.dcm"])
    func png(_ name: String) throws {
        guard let image = try rendered(name) else { return }
        let png = try image.pngData()
        #expect(png.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        #expect(try RenderedImage(png: png) == image)
    }

    @Test("PNG written here is read the same by Python's zlib-based reader")
    func pngElsewhere() throws {
        guard let image = try rendered("US1_UNCR.dcm") else { return }
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("image.png").path
        try image.pngData().write(to: URL(fileURLWithPath: path))
        let script = """
            import sys, zlib, struct, hashlib
            data = open(sys.argv[1], 'rb').read()
            pos, idat, width, height = 8, b'', 0, 0
            while pos < len(data):
                length, kind = struct.unpack('>I4s', data[pos:pos + 8]); body = data[pos + 8:pos + 8 + length]
                if kind == b'IHDR': width, height, depth, colour = struct.unpack('>IIBB', body[:10])
                if kind == b'IDAT': idat += body
                pos += 12 + length
            raw, stride, rows, previous = zlib.decompress(idat), width * 3, [], bytearray(width * 3)
            for y in range(height):
                kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
                for x in range(stride):
                    a = line[x - 3] if x >= 3 else 0; b = previous[x]; c = previous[x - 3] if x >= 3 else 0
                    p = a + b - c; pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                    predictor = [0, a, b, (a + b) // 2, a if pa <= pb and pa <= pc else b if pb <= pc else c][kind]
                    line[x] = (line[x] + predictor) & 255
                rows.append(bytes(line)); previous = line
            print(width, height, hashlib.sha256(b''.join(rows)).hexdigest())
            """
        let output = try Corpus.run("python3", ["-c", script, path])
        let expected = "\(image.width) \(image.height) \(Self.sha256Hex(image.pixels))"
        #expect(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == expected, "\(output.stderr)")
    }

    @Test("JPEG round-trips within the loss of quality 95", arguments: ["CT_small.dcm", "US1_UNCR.dcm", "MR2_UNCR.dcm"])
    func jpeg(_ name: String) throws {
        guard let image = try rendered(name) else { return }
        let jpeg = try image.jpegData(quality: 95)
        #expect(jpeg.starts(with: [0xFF, 0xD8]))
        let back = try RenderedImage(jpeg: jpeg)
        #expect(back.width == image.width && back.height == image.height && back.channels == image.channels)
        let differences = zip(back.pixels, image.pixels).map { abs(Int($0) - Int($1)) }
        let mean = Double(differences.reduce(0, +)) / Double(differences.count)
        #expect(mean < 1.5, "mean absolute error \(mean)")
        #expect(differences.filter { $0 > 8 }.count < differences.count / 100)
        #expect(jpeg.count < image.pixels.count)
    }

    @Test("bad encoder input is an error")
    func errors() throws {
        let image = RenderedImage(width: 1, height: 1, channels: 1, pixels: [0])
        #expect(throws: ImagingError.self) { try image.jpegData(quality: 0) }
        #expect(throws: ImagingError.self) { try RenderedImage(png: Data([1, 2, 3])) }
        #expect(throws: ImagingError.self) { try RenderedImage(jpeg: Data([0xFF, 0xD8, 0xFF])) }
    }

    static func sha256Hex(_ bytes: [UInt8]) -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sha-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try? Data(bytes).write(to: folder)
        let output = try? Corpus.run("sha256sum", [folder.path])
        return String(output?.stdout.prefix(64) ?? "")
    }
}
