import DICOM
import Foundation
import ObjectStorage
import Testing
@testable import DicomStore

/// Objects of 4 MiB and more are copied into the blob store under a random key (no SHA-256 pass on the
/// import's critical path): a re-import of the same bytes is still a success with one copy kept, found
/// by comparing bytes, and other bytes under the same SOP Instance UID are still refused.
@Suite("Large objects")
struct LargeImportTests {
    /// A valid Part-10 file of about 6 MiB: a small sample with a large private OB value.
    static func largeFile(patientID: String, filler: UInt8) throws -> Data {
        var file = try DICOMFile(path: try TestData.pydicomTestFiles().appendingPathComponent("CT_small.dcm").path)
        file.dataSet.set(.text(.patientID, .LO, patientID))
        file.dataSet.set(DataElement(tag: Tag(group: 0x0029, element: 0x0010), vr: .LO, bytes: Data("DICOM CONSOLE TEST".utf8)))
        file.dataSet.set(DataElement(tag: Tag(group: 0x0029, element: 0x1000), vr: .OB, bytes: Data(repeating: filler, count: 6 << 20)))
        return try file.encoded()
    }

    @Test("a large object is stored whole under a random key; the same bytes again are one success and one copy; other bytes are refused")
    func largeObjects() async throws {
        let fixture = try StoreFixture()
        let store = try await fixture.makeStore()
        let folder = try fixture.folder("large")
        let original = try Self.largeFile(patientID: "P-1", filler: 0x5A)
        #expect(original.count > ImportStep.inMemoryLimit)
        _ = try TestData.write(original, to: folder, "first/a.dcm")
        try fixture.addBucket("large-bucket", folder: folder)

        let first = try await fixture.importAndWait(into: store, uri: "gs://large-bucket/first/*.dcm")
        #expect(first.succeeded && first.counter.success == 1)
        let instance = try #require(try await fixture.allInstances(in: store).first)
        #expect(instance.contentHash.count == 32, "a random key, not a 64-digit SHA-256: \(instance.contentHash)")
        #expect(instance.size == Int64(original.count))
        #expect(try await fixture.service.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID) == original)

        // The same bytes under another name: a success, and no second blob is left behind.
        _ = try TestData.write(original, to: folder, "again/b.dcm")
        let again = try await fixture.importAndWait(into: store, uri: "gs://large-bucket/again/*.dcm")
        #expect(again.succeeded && again.counter.success == 1 && again.counter.failure == 0)
        #expect(try fixture.service.blobs.allKeys() == [instance.contentHash])
        #expect(try await fixture.allInstances(in: store).map(\.contentHash) == [instance.contentHash])

        // Other bytes under the same SOP Instance UID: ALREADY_EXISTS, the first kept, the new blob gone.
        _ = try TestData.write(try Self.largeFile(patientID: "P-2", filler: 0x5A), to: folder, "other/c.dcm")
        let other = try await fixture.importAndWait(into: store, uri: "gs://large-bucket/other/*.dcm")
        #expect(other.counter.success == 0 && other.counter.failure == 1)
        #expect(other.error?.sampleErrors.first?.code == .alreadyExists)
        #expect(try fixture.service.blobs.allKeys() == [instance.contentHash])
        let kept = try await fixture.service.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID)
        #expect(try DICOMFile(data: kept).dataSet.string(.patientID) == "P-1")
    }

    @Test("a data directory named by a user: used when absent, empty or already one; else a dicom-console folder inside")
    func dataDirectoryChoice() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("choice-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let absent = root.appendingPathComponent("absent")
        #expect(EmbeddedService.dataDirectory(choosing: absent) == absent)
        let empty = root.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        #expect(EmbeddedService.dataDirectory(choosing: empty) == empty)
        let existing = root.appendingPathComponent("existing")
        try FileManager.default.createDirectory(at: existing, withIntermediateDirectories: true)
        try Data().write(to: existing.appendingPathComponent("index.sqlite"))
        #expect(EmbeddedService.dataDirectory(choosing: existing) == existing)
        let home = root.appendingPathComponent("home")
        try FileManager.default.createDirectory(at: home.appendingPathComponent("staging"), withIntermediateDirectories: true)
        #expect(EmbeddedService.dataDirectory(choosing: home) == home.appendingPathComponent("dicom-console"),
                "a folder of other files (its own staging/ and blobs/ would be cleared) gets a folder inside")
    }
}
