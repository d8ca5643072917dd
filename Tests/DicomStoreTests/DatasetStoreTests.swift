import ObjectStorage
import DICOM
import Foundation
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Datasets and DICOM stores")
    struct DatasetStoreTests {
        @Test("datasets: create, get, list by ID, already exists, delete, not found")
        func datasets() async throws {
            let fixture = try StoreFixture()
            let service = fixture.service
            let beta = try fixture.datasetName("beta")
            let alpha = try fixture.datasetName("alpha")
            let created = try await service.createDataset(beta, labels: ["team": "imaging"])
            #expect(created.name == beta && created.labels == ["team": "imaging"])
            _ = try await service.createDataset(alpha, labels: [:])

            let fetched = try await service.dataset(beta)
            #expect(fetched.name == beta && fetched.labels == ["team": "imaging"])
            #expect(abs(fetched.createTime.timeIntervalSince(created.createTime)) < 0.001)
            #expect(try await service.datasets(in: fixture.locationName).map(\.name) == [alpha, beta])
            // Another location or project sees none of them.
            #expect(try await service.datasets(in: LocationName(project: fixture.project, location: "europe-west4")).isEmpty)
            #expect(try await service.datasets(in: LocationName(project: "other", location: fixture.location)).isEmpty)

            let again = await #expect(throws: ServiceError.self) { try await service.createDataset(beta, labels: [:]) }
            #expect(again?.code == .alreadyExists)
            #expect(again?.message.contains(beta.description) == true)

            try await service.deleteDataset(alpha, force: false)
            #expect(try await service.datasets(in: fixture.locationName).map(\.name) == [beta])
            let gone = await #expect(throws: ServiceError.self) { try await service.dataset(alpha) }
            #expect(gone?.code == .notFound)
            let deleteGone = await #expect(throws: ServiceError.self) { try await service.deleteDataset(alpha, force: true) }
            #expect(deleteGone?.code == .notFound)
        }

        @Test("stores: create, get, list by ID, already exists, missing dataset, delete")
        func stores() async throws {
            let fixture = try StoreFixture()
            let service = fixture.service
            let dataset = try fixture.datasetName()
            let orphan = try StoreName(fixture.datasetName("missing"), id: "s")
            let noDataset = await #expect(throws: ServiceError.self) { try await service.createStore(orphan, labels: [:]) }
            #expect(noDataset?.code == .notFound)
            #expect(noDataset?.message.contains("datasets/missing") == true)

            _ = try await service.createDataset(dataset, labels: [:])
            let second = try StoreName(dataset, id: "second")
            let first = try StoreName(dataset, id: "first")
            let created = try await service.createStore(second, labels: ["k": "v"])
            #expect(created.name == second && created.labels == ["k": "v"] && created.instanceCount == 0)
            _ = try await service.createStore(first, labels: [:])
            let twice = await #expect(throws: ServiceError.self) { try await service.createStore(first, labels: [:]) }
            #expect(twice?.code == .alreadyExists)

            let fetched = try await service.store(second)
            #expect(fetched.name == second && fetched.labels == ["k": "v"])
            #expect(fetched.studyCount == 0 && fetched.seriesCount == 0 && fetched.instanceCount == 0 && fetched.totalBytes == 0)
            #expect(try await service.stores(in: dataset).map(\.name) == [first, second])

            try await service.deleteStore(first)
            #expect(try await service.stores(in: dataset).map(\.name) == [second])
            let gone = await #expect(throws: ServiceError.self) { try await service.store(first) }
            #expect(gone?.code == .notFound)
            let deleteGone = await #expect(throws: ServiceError.self) { try await service.deleteStore(first) }
            #expect(deleteGone?.code == .notFound)
        }

        @Test("a dataset with stores needs force: the refusal names its stores; force deletes everything")
        func deleteNonEmptyDataset() async throws {
            let fixture = try StoreFixture()
            let service = fixture.service
            let store = try await fixture.makeStore(dataset: "ds", store: "ct-store")
            let other = try await fixture.makeStore(dataset: "ds", store: "mr.store")
            let source = try fixture.folder("source")
            try FileManager.default.copyItem(at: TestData.pydicomTestFiles().appendingPathComponent("CT_small.dcm"),
                                            to: source.appendingPathComponent("CT_small.dcm"))
            try fixture.addBucket("source-bucket", folder: source)
            let imported = try await fixture.importAndWait(into: store, uri: "gs://source-bucket/**.dcm")
            #expect(imported.succeeded)
            #expect(try fixture.service.blobs.allKeys().count == 1)

            let refused = await #expect(throws: ServiceError.self) { try await service.deleteDataset(store.dataset, force: false) }
            #expect(refused?.code == .failedPrecondition)
            #expect(refused?.message.contains("ct-store") == true)
            #expect(refused?.message.contains("mr.store") == true)
            #expect(try await service.stores(in: store.dataset).count == 2)
            #expect(try await service.store(store).instanceCount == 1)

            try await service.deleteDataset(store.dataset, force: true)
            let gone = await #expect(throws: ServiceError.self) { try await service.dataset(store.dataset) }
            #expect(gone?.code == .notFound)
            for name in [store, other] {
                let storeGone = await #expect(throws: ServiceError.self) { try await service.store(name) }
                #expect(storeGone?.code == .notFound)
            }
            #expect(try await service.stores(in: store.dataset).isEmpty)
            #expect(try await service.studies(in: store).isEmpty)
            #expect(try await service.operations(in: store.dataset, done: nil, kind: nil).isEmpty)
            // The instance's blob is gone with it.
            #expect(try fixture.service.blobs.allKeys().isEmpty)
        }

        @Test("store counts after an import: studies, series, instances and bytes; deleting the store frees its blobs")
        func storeCounts() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let source = try fixture.folder("source")
            let testFiles = try TestData.pydicomTestFiles()
            var studies = Set<String>(), series = Set<String>(), bytes: Int64 = 0
            for name in ["CT_small.dcm", "MR_small.dcm", "rtplan.dcm", "rtdose.dcm"] {
                let url = testFiles.appendingPathComponent(name)
                let identity = try #require(TestData.identity(of: DICOMFile(path: url.path)))
                studies.insert(identity.study)
                series.insert(identity.series)
                bytes += Int64(try Data(contentsOf: url).count)
                try FileManager.default.copyItem(at: url, to: source.appendingPathComponent(name))
            }
            try fixture.addBucket("count-bucket", folder: source)
            let operation = try await fixture.importAndWait(into: store, uri: "gs://count-bucket")
            #expect(operation.succeeded)
            #expect(operation.counter == .init(success: 4, failure: 0, pending: 0))

            let counted = try await fixture.service.store(store)
            #expect(counted.instanceCount == 4)
            #expect(counted.studyCount == studies.count)
            #expect(counted.seriesCount == series.count)
            #expect(counted.totalBytes == bytes)
            let summaries = try await fixture.service.studies(in: store)
            #expect(Set(summaries.map(\.studyInstanceUID)) == studies)
            #expect(summaries.map(\.instanceCount).reduce(0, +) == 4)
            #expect(summaries.map(\.totalBytes).reduce(0, +) == bytes)
            #expect(try await fixture.service.stores(in: store.dataset).first?.instanceCount == 4)

            try await fixture.service.deleteStore(store)
            #expect(try fixture.service.blobs.allKeys().isEmpty)
        }
    }
}
