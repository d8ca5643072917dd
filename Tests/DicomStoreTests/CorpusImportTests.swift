import ObjectStorage
import DICOM
import Foundation
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Importing the pydicom-data corpus")
    struct CorpusImportTests {
        /// What the test expects of one corpus file, decided with the DICOM module the service uses.
        struct Expectation {
            let name: String
            /// The SHA-256 of what the service stores: the file itself, or a raw data set re-encoded as Part 10.
            let storedHash: String
            /// Nil when the file does not parse fully or lacks one of the four UIDs: it must fail.
            let sopInstanceUID: String?
        }

        @Test("every file that parses with the four UIDs is imported (one instance per SOP Instance UID); the rest fail")
        func importCorpus() async throws {
            let corpus = try TestData.dataStoreCorpus()
            let names = try FileManager.default.subpathsOfDirectory(atPath: corpus.path).filter { path in
                var isDirectory: ObjCBool = false
                return FileManager.default.fileExists(atPath: corpus.appendingPathComponent(path).path, isDirectory: &isDirectory)
                    && !isDirectory.boolValue
            }
            try #require(names.count > 50, "the corpus at \(corpus.path) looks incomplete")
            let expectations = try names.map { name in
                let url = corpus.appendingPathComponent(name)
                let bytes = try Data(contentsOf: url)
                let file = try? DICOMFile(path: url.path)
                var hash = TestData.contentKey(bytes)
                if let file, file.preamble == nil || file.fileMetaInformation.isEmpty { hash = TestData.contentKey(try file.encoded()) }
                return Expectation(name: name, storedHash: hash, sopInstanceUID: file.flatMap(TestData.identity(of:))?.sop)
            }
            let valid = expectations.filter { $0.sopInstanceUID != nil }
            let byUID = Dictionary(grouping: valid, by: { $0.sopInstanceUID! })

            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            try fixture.addBucket("pydicom-data", folder: corpus)
            let started = ContinuousClock.now
            let operation = try await fixture.importAndWait(into: store, uri: "gs://pydicom-data/**")
            print("corpus: \(expectations.count) files, \(valid.count) valid, \(byUID.count) SOP Instance UIDs; import took \(ContinuousClock.now - started)")

            // Several corpus files share a SOP Instance UID with other content (the same image in other
            // transfer syntaxes): the first stored wins and the others are ALREADY_EXISTS failures. So a
            // valid file succeeds exactly when its bytes are the ones stored under its UID.
            let instances = try await fixture.allInstances(in: store)
            #expect(instances.count == byUID.count)
            // The SHA-256 of what is stored (large blobs are keyed by a random ID, not their hash).
            var stored: [String: String] = [:]
            for instance in instances where stored[instance.sopInstanceUID] == nil {
                stored[instance.sopInstanceUID] = TestData.contentKey(try await fixture.service.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID))
            }
            var expectedSuccess: Int64 = 0
            for (uid, files) in byUID {
                let hash = try #require(stored[uid], "no instance stored for \(uid) (\(files.map(\.name)))")
                let winners = files.filter { $0.storedHash == hash }
                #expect(!winners.isEmpty, "the instance stored for \(uid) is none of \(files.map(\.name))")
                expectedSuccess += Int64(winners.count)
            }
            #expect(operation.counter.success == expectedSuccess)
            #expect(operation.counter.failure == Int64(expectations.count) - expectedSuccess)
            #expect(operation.counter.pending == 0)

            // Invalid files fail with INVALID_ARGUMENT, losers of a UID with ALREADY_EXISTS: the sample errors say so.
            let error = try #require(operation.error)
            #expect(error.code == .invalidArgument || valid.count == expectations.count)
            let invalid = Set(expectations.filter { $0.sopInstanceUID == nil }.map { "gs://pydicom-data/\($0.name)" })
            for sample in error.sampleErrors {
                #expect(sample.code == (invalid.contains(sample.resource) ? .invalidArgument : .alreadyExists), "\(sample.resource): \(sample.message)")
            }
            // One log entry per failed object, whatever the reason.
            let logs = try await fixture.service.logs(of: operation.name)
            #expect(Int64(logs.count) == operation.counter.failure, "\(logs.count) log entries for \(operation.counter.failure) failures")
            #expect(Set(logs.map(\.resource)).count == logs.count)
            #expect(try await fixture.service.store(store).totalBytes
                    == instances.map(\.size).reduce(0, +))
        }
    }
}
