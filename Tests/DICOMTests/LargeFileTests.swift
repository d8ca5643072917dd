import Foundation
import Testing
@testable import DICOM

@Suite("Large files stay on disk")
struct LargeFileTests {
    /// Resident memory of this process in bytes, from /proc/self/statm.
    static func residentBytes() -> Int {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return 0 }
        let fields = text.split(separator: " ")
        return (fields.count > 1 ? Int(fields[1]) ?? 0 : 0) * Int(sysconf(Int32(_SC_PAGESIZE)))
    }

    @Test("a 1 GiB file: header-only and lazy full reads keep memory flat")
    func oneGigabyte() throws {
        var body = Bytes()
        body.explicitText(0x0008_0016, "UI", "1.2.840.10008.5.1.4.1.1.7")
        body.explicitText(0x0008_0018, "UI", "1.2.3.4.5")
        body.explicit(0x0028_0010, "US", [0x00, 0x40])
        body.explicit(0x0028_0011, "US", [0x00, 0x40])
        let pixelBytes = 1 << 30
        body.tag(0x7FE0_0010)
        body.data += [UInt8]("OW".utf8) + [0, 0]
        body.u32(UInt32(pixelBytes))
        let header = Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("large-\(UUID().uuidString).dcm")
        try header.write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        // Extend the file sparsely: the pixel data occupies no disk and reads as zeros.
        let handle = try FileHandle(forWritingTo: url)
        try handle.truncate(atOffset: UInt64(header.count + pixelBytes))
        try handle.close()

        let before = Self.residentBytes()
        let headerOnly = try DICOMFile(contentsOf: url, options: .headerOnly)
        #expect(headerOnly.isPartial)
        #expect(headerOnly.dataSet.string(.sopInstanceUID) == "1.2.3.4.5")
        let full = try DICOMFile(contentsOf: url)
        let pixels = try #require(full.dataSet[.pixelData]?.bytes)
        #expect(pixels.count == pixelBytes)
        #expect(full.dataSet[.pixelData]?.valueOffset == header.count)
        let growth = Self.residentBytes() - before
        #expect(growth < 64 << 20, "resident memory grew by \(growth >> 20) MiB reading a 1 GiB file")
        // Touching one frame's worth pages in only that much.
        let last = pixels[pixels.startIndex + pixelBytes - 1]
        #expect(last == 0)
    }
}
