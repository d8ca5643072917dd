import ObjectStorage
import Foundation
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Resource names and IDs")
    struct ResourceNameTests {
        static let location = try! LocationName(project: "my-project", location: "us-central1")

        @Test("dataset and store IDs: 1–256 letters, digits, _, - and .", arguments: [
            "a", "Z", "0", "_", "-", ".", "ds-1_final.v2", String(repeating: "x", count: 256),
        ])
        func validIDs(id: String) throws {
            try ResourceID.validate(id, kind: "dataset")
            let dataset = try DatasetName(Self.location, id: id)
            #expect(dataset.id == id)
            let store = try StoreName(dataset, id: id)
            #expect(store.description == "projects/my-project/locations/us-central1/datasets/\(id)/dicomStores/\(id)")
        }

        @Test("invalid IDs are INVALID_ARGUMENT and say what is wrong", arguments: [
            "", String(repeating: "x", count: 257), "a b", "a/b", "é", "a:b", "a*", "ds\n", "日本",
        ])
        func invalidIDs(id: String) {
            for kind in ["dataset", "DICOM store"] {
                let error = #expect(throws: ServiceError.self) { try ResourceID.validate(id, kind: kind) }
                #expect(error?.code == .invalidArgument)
                #expect(error?.message.contains(kind) == true)
                #expect(error.map { $0.message.contains("1 to 256") || $0.message.contains("not allowed") } == true)
            }
            #expect(throws: ServiceError.self) { try DatasetName(Self.location, id: id) }
            let dataset = try! DatasetName(Self.location, id: "ok")
            #expect(throws: ServiceError.self) { try StoreName(dataset, id: id) }
        }

        @Test("an invalid character's message names it and its position")
        func invalidCharacterMessage() {
            do {
                try ResourceID.validate("abc def", kind: "dataset")
                Issue.record("\"abc def\" was accepted")
            } catch let error as ServiceError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("character 4"))
                #expect(error.message.contains("\" \""))
            } catch {
                Issue.record("unexpected \(error)")
            }
        }

        @Test("full dataset and store names parse into their parts and print back")
        func parseNames() throws {
            let text = "projects/my-project/locations/us-central1/datasets/ds.1"
            let dataset = try DatasetName(parsing: text)
            #expect(dataset.parent.project == "my-project" && dataset.parent.location == "us-central1" && dataset.id == "ds.1")
            #expect(dataset.description == text)

            let store = try StoreName(parsing: text + "/dicomStores/store_A-2")
            #expect(store.dataset == dataset && store.id == "store_A-2")
            #expect(store.description == text + "/dicomStores/store_A-2")
            #expect(try StoreName(parsing: store.description) == store)
        }

        @Test("malformed dataset and store names are rejected", arguments: [
            "", "projects/p", "projects/p/locations/l/datasets", "projects/p/locations/l/datasets/",
            "project/p/locations/l/datasets/d", "projects/p/location/l/datasets/d", "projects/p/locations/l/dataset/d",
            "projects/p/locations/l/datasets/d/", "projects//locations/l/datasets/d", "projects/p/locations//datasets/d",
            "projects/p/locations/l/datasets/d e", "/projects/p/locations/l/datasets/d",
        ])
        func malformedDatasetNames(text: String) {
            #expect(throws: ServiceError.self) { try DatasetName(parsing: text) }
        }

        @Test("malformed store names are rejected", arguments: [
            "projects/p/locations/l/datasets/d", "projects/p/locations/l/datasets/d/dicomStores/",
            "projects/p/locations/l/datasets/d/dicomStores/s/extra", "projects/p/locations/l/datasets/d/fhirStores/s",
            "projects/p/locations/l/dicomStores/s", "projects/p/locations/l/datasets/d/dicomStores/s t",
        ])
        func malformedStoreNames(text: String) {
            #expect(throws: ServiceError.self) { try StoreName(parsing: text) }
        }

        @Test("operation names: full names, and bare numeric IDs within a dataset")
        func operationNames() throws {
            let dataset = try DatasetName(Self.location, id: "ds")
            let full = "projects/my-project/locations/us-central1/datasets/ds/operations/1234567890"
            let parsed = try OperationName(parsing: full)
            #expect(parsed.dataset == dataset && parsed.id == "1234567890")
            #expect(parsed.description == full)
            #expect(try OperationName(parsing: "1234567890", dataset: dataset) == parsed)
            // A bare ID needs its dataset and must be numeric.
            #expect(throws: ServiceError.self) { try OperationName(parsing: "1234567890") }
            #expect(throws: ServiceError.self) { try OperationName(parsing: "abc", dataset: dataset) }
            #expect(throws: ServiceError.self) { try OperationName(parsing: "", dataset: dataset) }
            // Operations belong to the dataset, not to the store.
            #expect(throws: ServiceError.self) {
                try OperationName(parsing: "projects/p/locations/l/datasets/ds/dicomStores/s/operations/1")
            }
            #expect(throws: ServiceError.self) { try OperationName(parsing: "projects/p/locations/l/datasetz/ds/operations/1") }
        }

        @Test("a full operation name with an empty or malformed ID is rejected", arguments: [
            "projects/p/locations/l/datasets/ds/operations/",
            "projects/p/locations/l/datasets/ds/operations/12/34",
            "projects/p/locations/l/datasets/ds/operations/12 34",
        ])
        func malformedOperationIDs(text: String) {
            #expect(throws: ServiceError.self, "\(text) was accepted as an operation name") { try OperationName(parsing: text) }
        }

        @Test("operations created by the service have numeric, time-ordered IDs in the store's dataset")
        func createdOperationNames() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let first = try await fixture.service.createOperation(kind: .importDicomData, store: store, requestJSON: "{}")
            try await Task.sleep(for: .milliseconds(2))
            let second = try await fixture.service.createOperation(kind: .importDicomData, store: store, requestJSON: "{}")
            for operation in [first, second] {
                #expect(operation.name.dataset == store.dataset)
                #expect(!operation.name.id.isEmpty && operation.name.id.allSatisfy(\.isNumber))
                #expect(try OperationName(parsing: operation.name.description) == operation.name)
                #expect(try OperationName(parsing: operation.name.id, dataset: store.dataset) == operation.name)
                #expect(operation.apiMethodName == "google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData")
            }
            #expect(UInt64(first.name.id)! < UInt64(second.name.id)!)
            // Newest first.
            let listed = try await fixture.service.operations(in: store.dataset, done: nil, kind: nil)
            #expect(listed.map(\.name) == [second.name, first.name])
        }

        @Test("storage classes parse case-insensitively; unknown ones list the valid ones")
        func storageClasses() throws {
            #expect(try StorageClass(parsing: "nearline") == .nearline)
            #expect(try StorageClass(parsing: "ARCHIVE") == .archive)
            let error = #expect(throws: ServiceError.self) { try StorageClass(parsing: "glacier") }
            #expect(error?.code == .invalidArgument)
            #expect(error?.message.contains("STANDARD, NEARLINE, COLDLINE, ARCHIVE") == true)
        }

        @Test("canonical codes: google.rpc numbers and HTTP statuses")
        func codes() {
            let expected: [(ServiceError.Code, Int, Int)] = [
                (.cancelled, 1, 499), (.invalidArgument, 3, 400), (.notFound, 5, 404), (.alreadyExists, 6, 409),
                (.permissionDenied, 7, 403), (.failedPrecondition, 9, 400), (.aborted, 10, 409), (.internal, 13, 500),
            ]
            for (code, number, status) in expected {
                #expect(code.number == number && code.httpStatus == status)
                #expect(ServiceError.Code(number: number) == code)
            }
        }
    }
}
