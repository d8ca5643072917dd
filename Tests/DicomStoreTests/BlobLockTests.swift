import Foundation
import Testing
@testable import DicomStore

/// Writers and garbage collection exclude each other through one `flock`; async writers wait without
/// blocking a thread.
@Suite("Blob locks")
struct BlobLockTests {
    @Test("a collection keeps writers out; async writers wait, then time out or get the lock")
    func writersWaitForCollection() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("locks-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let blobs = try FileBlobStore(root: root)
        let collector = try #require(blobs.collectorLock())
        #expect(try blobs.tryWriterLock() == nil)
        await #expect(throws: ServiceError.self) { try await blobs.writerLock(waiting: .milliseconds(100)) }
        collector.release()
        collector.release()  // idempotent
        let writer = try await blobs.writerLock(waiting: .seconds(1))
        #expect(blobs.collectorLock() == nil, "a writer at work keeps collection away")
        writer.release()
        #expect(blobs.collectorLock() != nil)
    }
}
