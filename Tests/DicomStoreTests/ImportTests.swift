import ObjectStorage
import DICOM
import Foundation
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Import end to end")
    struct ImportTests {
        /// A source tree of ten good files, an identical copy of one, five bad objects and a non-.dcm file.
        struct Tree {
            let folder: URL
            /// Object name → bytes, for the good files (the identical copy included).
            var good: [String: Data] = [:]
            /// Object name → the code and a fragment of the reason each bad object must fail with.
            var junk: [String: (code: ServiceError.Code, reason: String)] = [:]
            /// The conflicting file's SOP Instance UID and the bytes that must stay stored under it.
            var conflictUID = ""
            var conflictKept = Data()
        }

        static func makeTree(in folder: URL) throws -> Tree {
            var tree = Tree(folder: folder)
            let testFiles = try TestData.pydicomTestFiles()
            for (index, name) in TestData.goodFiles.enumerated() {
                let bytes = try Data(contentsOf: testFiles.appendingPathComponent(name))
                let object = String(format: "good/%02d_%@", index, name)
                try TestData.write(bytes, to: folder, object)
                tree.good[object] = bytes
            }
            // The same bytes under another name: idempotent, so a success. ("copies/" lists before "good/".)
            let ct = try Data(contentsOf: testFiles.appendingPathComponent("CT_small.dcm"))
            try TestData.write(ct, to: folder, "copies/CT_small copy.dcm")
            tree.good["copies/CT_small copy.dcm"] = ct
            // Not matched by **.dcm: not counted at all.
            try TestData.write(Data("notes".utf8), to: folder, "good/README.txt")

            try TestData.write(Data("This is a text file, not a DICOM file.\n".utf8), to: folder, "junk/notes.dcm")
            try #require(throws: (any Error).self) { try DICOMFile(data: Data("This is a text file, not a DICOM file.\n".utf8)) }
            tree.junk["junk/notes.dcm"] = (.invalidArgument, "not a valid DICOM file")

            try TestData.write(Data(), to: folder, "junk/empty.dcm")
            tree.junk["junk/empty.dcm"] = (.invalidArgument, "empty")

            // Cut inside Pixel Data (the last element, 32 KiB from byte ~6,400): the value overruns the file.
            let truncated = ct.prefix(20_000)
            try #require(throws: DICOMError.self) { try DICOMFile(data: truncated) }
            try TestData.write(truncated, to: folder, "junk/truncated.dcm")
            tree.junk["junk/truncated.dcm"] = (.invalidArgument, "not a valid DICOM file")

            var noUID = try DICOMFile(data: ct)
            noUID.dataSet[.sopInstanceUID] = nil
            try TestData.write(try noUID.encoded(), to: folder, "junk/no-sop-instance-uid.dcm")
            tree.junk["junk/no-sop-instance-uid.dcm"] = (.invalidArgument, "missing required attribute SOPInstanceUID")

            // Same SOP Instance UID as good/01_MR_small.dcm, other content; listed last ("zz/"), so the good
            // file is stored first and must be kept.
            let mr = try Data(contentsOf: testFiles.appendingPathComponent("MR_small.dcm"))
            var conflict = try DICOMFile(data: mr)
            conflict.dataSet.set(.text(.patientID, .LO, "SOMEONE-ELSE"))
            let conflictBytes = try conflict.encoded()
            #expect(conflictBytes != mr)
            try TestData.write(conflictBytes, to: folder, "zz/conflict.dcm")
            tree.junk["zz/conflict.dcm"] = (.alreadyExists, "already in the store")
            tree.conflictUID = try #require(TestData.identity(of: conflict)).sop
            tree.conflictKept = mr
            return tree
        }

        @Test("good files, an identical copy and junk: exact counters, sample errors, logs, instances, bytes; rerun is idempotent")
        func importTree() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let tree = try Self.makeTree(in: fixture.folder("tree"))
            try fixture.addBucket("import-src", folder: tree.folder)
            let uri = "gs://import-src/**.dcm"

            let started = ContinuousClock.now
            let operation = try await fixture.importAndWait(into: store, uri: uri, storageClass: .nearline)
            print("import of \(tree.good.count + tree.junk.count) objects took \(ContinuousClock.now - started)")
            #expect(operation.done && operation.endTime != nil)
            #expect(operation.kind == .importDicomData && operation.store == store)
            #expect(operation.counter == .init(success: 11, failure: 5, pending: 0))
            try Self.checkFailures(operation, tree: tree, bucket: "import-src")

            let logs = try await fixture.service.logs(of: operation.name)
            Self.checkLogs(logs, tree: tree, bucket: "import-src")

            try await Self.checkInstances(fixture: fixture, store: store, tree: tree)

            // Again: every good file succeeds (identical content), the junk fails the same way, nothing changes.
            let before = try await fixture.service.store(store)
            let rerun = try await fixture.importAndWait(into: store, uri: uri, storageClass: .nearline)
            #expect(rerun.name != operation.name)
            #expect(rerun.counter == .init(success: 11, failure: 5, pending: 0))
            try Self.checkFailures(rerun, tree: tree, bucket: "import-src")
            Self.checkLogs(try await fixture.service.logs(of: rerun.name), tree: tree, bucket: "import-src")
            let after = try await fixture.service.store(store)
            #expect(after.instanceCount == 10 && after == before)
            try await Self.checkInstances(fixture: fixture, store: store, tree: tree)
            let listed = try await fixture.service.operations(in: store.dataset, done: true, kind: .importDicomData)
            #expect(listed.map(\.name) == [rerun.name, operation.name])
        }

        static func checkFailures(_ operation: StoreOperation, tree: Tree, bucket: String) throws {
            let error = try #require(operation.error, "an import with failures ends with an error")
            #expect(error.code == .invalidArgument)
            #expect(error.message.contains("5 of 16"))
            #expect(error.message.contains(operation.name.id))
            let samples = Dictionary(error.sampleErrors.map { ($0.resource, $0) }, uniquingKeysWith: { first, _ in first })
            #expect(error.sampleErrors.count == tree.junk.count)
            for (object, expected) in tree.junk {
                let sample = samples["gs://\(bucket)/\(object)"]
                #expect(sample != nil, "no sample error for \(object)")
                #expect(sample?.code == expected.code, "\(object)")
                #expect(sample?.message.contains(expected.reason) == true, "\(object): \(sample?.message ?? "-")")
            }
        }

        static func checkLogs(_ logs: [OperationLogEntry], tree: Tree, bucket: String) {
            #expect(logs.count == tree.junk.count, "one log entry per failed object: \(logs.map(\.resource))")
            let byResource = Dictionary(logs.map { ($0.resource, $0) }, uniquingKeysWith: { first, _ in first })
            for (object, expected) in tree.junk {
                let entry = byResource["gs://\(bucket)/\(object)"]
                #expect(entry != nil, "no log entry for \(object)")
                #expect(entry?.code == expected.code, "\(object)")
                #expect(entry?.message.contains(expected.reason) == true, "\(object): \(entry?.message ?? "-")")
            }
            #expect(logs.map(\.time) == logs.map(\.time).sorted())
        }

        static func checkInstances(fixture: StoreFixture, store: StoreName, tree: Tree) async throws {
            var expected: [String: Data] = [:]  // SOP Instance UID → source bytes
            var studies = Set<String>(), series = Set<String>()
            for bytes in tree.good.values {
                let identity = try #require(TestData.identity(of: DICOMFile(data: bytes)))
                expected[identity.sop] = bytes
                studies.insert(identity.study)
                series.insert(identity.series)
            }
            #expect(expected.count == 10)
            let counted = try await fixture.service.store(store)
            #expect(counted.instanceCount == 10 && counted.studyCount == studies.count && counted.seriesCount == series.count)
            #expect(counted.totalBytes == expected.values.map { Int64($0.count) }.reduce(0, +))

            var seen = Set<String>()
            for study in try await fixture.service.studies(in: store) {
                for summary in try await fixture.service.series(in: store, study: study.studyInstanceUID) {
                    let instances = try await fixture.service.instances(in: store, study: study.studyInstanceUID,
                                                                        series: summary.seriesInstanceUID)
                    #expect(instances.count == summary.instanceCount)
                    for instance in instances {
                        seen.insert(instance.sopInstanceUID)
                        #expect(instance.storageClass == .nearline)
                        #expect(instance.seriesInstanceUID == summary.seriesInstanceUID)
                        let source = try #require(expected[instance.sopInstanceUID])
                        #expect(instance.size == Int64(source.count))
                        #expect(instance.contentHash == TestData.contentKey(source))
                        let stored = try await fixture.service.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID)
                        #expect(stored == source, "stored bytes of \(instance.sopInstanceUID) differ from the Part-10 source")
                    }
                }
            }
            #expect(seen == Set(expected.keys))
            // The conflicting file lost: the first content is kept, and its rejected blob is not left behind.
            let kept = try await fixture.service.instanceBytes(in: store, sopInstanceUID: tree.conflictUID)
            #expect(kept == tree.conflictKept)
            #expect(try DICOMFile(data: kept).dataSet.string(.patientID) != "SOMEONE-ELSE")
            #expect(Set(try fixture.service.blobs.allKeys()) == Set(expected.values.map(TestData.contentKey)))
        }
    }
}
