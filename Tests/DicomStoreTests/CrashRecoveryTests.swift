import DICOM
import Foundation
import GRDB
import ObjectStorage
import Testing
import TestSupport
@testable import DicomStore

/// Kills the real CLI with SIGKILL in the middle of a large import, restarts, and proves that the index
/// and the blob store agree: no orphan, no partial blob, no lost committed instance, and the operation
/// marked as cut off.
@Suite("Crash recovery", .serialized)
struct CrashRecoveryTests {
    static var binary: String { Corpus.binaryPath }

    func cli(_ arguments: [String], data: URL) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = arguments + ["--data-dir", data.path]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    func cliAndWait(_ arguments: [String], data: URL) throws {
        let process = try cli(arguments, data: data)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "dicom-console \(arguments.joined(separator: " ")) failed")
    }

    /// `count` small objects (distinct SOP Instance UIDs) in `root/source`, a granted bucket
    /// `gs://crash-source` over them, dataset `ds` and store `st` in `data`.
    func prepare(objects count: Int, in root: URL, data: URL) throws {
        let source = root.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        let sample = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/samples/phantom-s1-i1.dcm")
        var file = try DICOMFile(contentsOf: sample)
        file.dataSet[.pixelData] = nil  // small objects: many of them, so that the import takes a while
        for index in 0..<count {
            file.dataSet.set(.text(.sopInstanceUID, .UI, "2.25.999.\(index)"))
            try file.encoded().write(to: source.appendingPathComponent(String(format: "f%05d.dcm", index)))
        }
        let agent = ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: "local-project"))
        try cliAndWait(["storage", "buckets", "create", "gs://crash-source", "--path", source.path], data: data)
        try cliAndWait(["storage", "buckets", "add-iam-policy-binding", "gs://crash-source", "--member=\(agent)",
                        "--role=roles/storage.objectViewer"], data: data)
        try cliAndWait(["datasets", "create", "ds"], data: data)
        try cliAndWait(["dicom-stores", "create", "st", "--dataset", "ds"], data: data)
    }

    /// Also proves the worker keeps none of its starter's descriptors: it inherited the pipe that
    /// `Process` in this test waits on, and `--async` then "ended" only when the worker did.
    @Test("a detached worker (--async) lowers its scheduling group and its threads, as a batch job",
          .timeLimit(.minutes(1)))
    func detachedWorkerYields() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        try prepare(objects: 20, in: root, data: data)
        // Holding the blob store's collection lock keeps the worker waiting (alive) after it has claimed
        // the operation and lowered itself, until the lock is released.
        let collection = try #require(try FileBlobStore(root: data.appendingPathComponent("blobs")).collectorLock())
        try cliAndWait(["dicom-stores", "import", "gcs", "st", "--dataset", "ds", "--gcs-uri", "gs://crash-source/**", "--async"], data: data)
        let index = try StoreIndex(path: data.appendingPathComponent("index.sqlite").path)
        var worker: Int32?
        for _ in 0..<2_500 where worker == nil {
            worker = try index.pool.read { db in try Int32.fetchOne(db, sql: "SELECT workerPID FROM operation WHERE done = 0") }
            if worker == nil { usleep(2_000) }
        }
        let log = (try? String(contentsOf: data.appendingPathComponent("workers.log"), encoding: .utf8)) ?? ""
        let pid = try #require(worker, "no worker claimed the operation: \(log)")
        let group = try String(contentsOfFile: "/proc/\(pid)/autogroup", encoding: .utf8)
        let stat = try String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)
        let fields = stat[stat.range(of: ")")!.upperBound...].split(separator: " ")
        #expect(group.hasSuffix("nice 10\n"), "autogroup: \(group)")
        #expect(fields[16] == "10", "the worker's main thread runs at nice \(fields[16])")  // field 19 of stat
        collection.release()
        var done = false
        for _ in 0..<3_000 where !done {
            done = try index.pool.read { db in try Bool.fetchOne(db, sql: "SELECT done FROM operation") ?? false }
            if !done { usleep(10_000) }
        }
        #expect(done, "the worker finished once the lock was released")
    }

    @Test("a worker run from a shell (not leading its own session) leaves the session's scheduling group alone")
    func workerInCallersSession() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("worker-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let before = try String(contentsOfFile: "/proc/self/autogroup", encoding: .utf8)
        // No such operation: the worker lowers itself, finds nothing to claim and ends.
        try cliAndWait(["operations", "run-worker", "projects/p/locations/l/datasets/d/operations/1"],
                       data: root.appendingPathComponent("data"))
        #expect(try String(contentsOfFile: "/proc/self/autogroup", encoding: .utf8) == before)
    }

    @Test("SIGKILL mid-import leaves a consistent store and an operation marked as cut off")
    func killDuringImport() async throws {
        #expect(FileManager.default.isExecutableFile(atPath: Self.binary), "build dicom-console first (swift build)")
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("crash-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        let data = root.appendingPathComponent("data")
        let total = 6_000
        try prepare(objects: total, in: root, data: data)

        let importer = try cli(["dicom-stores", "import", "gcs", "st", "--dataset", "ds", "--gcs-uri", "gs://crash-source/**"], data: data)
        let index = try StoreIndex(path: data.appendingPathComponent("index.sqlite").path)
        // Watch from a thread of its own: the cooperative pool may be busy with other suites' tests, and
        // the kill must land while the import runs.
        let pid = importer.processIdentifier
        let watched = Locked(Int64(0))
        let watcher = Thread {
            let deadline = Date().addingTimeInterval(60)
            while Date() < deadline {
                let value = (try? index.pool.read { db in try Int64.fetchOne(db, sql: "SELECT MAX(success) FROM operation") ?? 0 }) ?? 0
                if value >= 100 {
                    kill(pid, SIGKILL)
                    watched.set(value)
                    return
                }
                usleep(2_000)
            }
            kill(pid, SIGKILL)
        }
        watcher.start()
        importer.waitUntilExit()
        let committed = watched.value
        #expect(committed >= 100 && committed < total, "the import was not caught mid-way (\(committed) of \(total))")

        let storage = StorageRouter(local: try LocalStorage(dataDirectory: data), remote: nil)
        let service = try EmbeddedService(dataDirectory: data, storage: storage)
        let store = try StoreName(DatasetName(LocationName(project: "local-project", location: "local"), id: "ds"), id: "st")
        let operation = try #require(try await service.operations(in: store.dataset, done: nil, kind: nil).first)
        #expect(operation.done)
        #expect(operation.error?.code == .aborted)
        #expect(operation.error?.message.contains("cut off") == true)

        let rows = try index.pool.read { db in try Row.fetchAll(db, sql: "SELECT contentHash, size FROM instance") }
        let hashes: [String] = rows.map { $0[0] }
        #expect(hashes.count >= Int(committed), "committed instances were lost")
        let blobs = Set(try service.blobs.allKeys())
        #expect(blobs == Set(hashes), "index and blob store disagree: \(blobs.subtracting(hashes).count) orphans, \(Set(hashes).subtracting(blobs).count) missing")
        for row in rows.prefix(200) {
            let key: String = row[0], size: Int64 = row[1]
            let bytes = try service.blobs.read(key)
            #expect(Int64(bytes.count) == size, "blob \(key) is partial")
            // Content keys (hash-size) name their bytes; large blobs have random keys (32 digits).
            if key.contains("-") { #expect(bytes.withUnsafeBytes { BlobKey.content(of: $0) } == key, "blob \(key) is partial") }
        }
        let leftovers = FileManager.default.enumerator(atPath: data.appendingPathComponent("blobs").path)?.allObjects.compactMap { $0 as? String }.filter { $0.contains(".tmp-") } ?? []
        #expect(leftovers.isEmpty, "temporary blob files left: \(leftovers)")

        // Running it again finishes the job: identical instances count as success.
        let again = try cli(["dicom-stores", "import", "gcs", "st", "--dataset", "ds", "--gcs-uri", "gs://crash-source/**"], data: data)
        again.waitUntilExit()
        #expect(again.terminationStatus == 0)
        #expect(try await service.store(store).instanceCount == total)
    }
}

/// A value set by one thread and read by another.
final class Locked<Value: Sendable>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func set(_ value: Value) { lock.lock(); stored = value; lock.unlock() }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
}
