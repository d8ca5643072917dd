import Foundation
import ObjectStorage
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Import failures of the whole operation")
    struct ImportErrorTests {
        /// A store and a granted or ungranted bucket holding CT_small.dcm and MR_small.dcm under `dir/`.
        static func setUp(_ fixture: StoreFixture, bucket: String, grant: Bool) async throws -> StoreName {
            let store = try await fixture.makeStore()
            let folder = try fixture.folder(bucket)
            for name in ["CT_small.dcm", "MR_small.dcm"] {
                try TestData.write(try Data(contentsOf: TestData.pydicomTestFiles().appendingPathComponent(name)), to: folder, "dir/" + name)
            }
            try fixture.addBucket(bucket, folder: folder, grant: grant)
            return store
        }

        @Test("without the service agent's binding: PERMISSION_DENIED naming the role and the exact grant command; nothing imported")
        func permissionDenied() async throws {
            let fixture = try StoreFixture()
            let store = try await Self.setUp(fixture, bucket: "private-bucket", grant: false)
            let agent = fixture.service.serviceAgent(of: fixture.project)
            #expect(agent.hasPrefix("serviceAccount:service-") && agent.hasSuffix("@gcp-sa-healthcare.iam.gserviceaccount.com"))
            // Roles for someone else, or a role without read, do not help.
            try fixture.local.addIAMBinding(bucket: "private-bucket", member: fixture.service.serviceAgent(of: "other-project"),
                                            role: "roles/storage.objectViewer")
            try fixture.local.addIAMBinding(bucket: "private-bucket", member: agent, role: "roles/storage.objectCreator")

            let operation = try await fixture.importAndWait(into: store, uri: "gs://private-bucket/dir/**.dcm")
            let error = try #require(operation.error)
            #expect(error.code == .permissionDenied)
            #expect(error.message.contains("roles/storage.objectViewer"))
            let command = "dicom-console storage buckets add-iam-policy-binding gs://private-bucket --member=\(agent) --role=roles/storage.objectViewer"
            #expect(error.message.contains(command), "\(error.message)")
            #expect(operation.counter == .init(success: 0, failure: 0, pending: 0))
            #expect(try await fixture.service.store(store).instanceCount == 0)
            #expect(try fixture.service.blobs.allKeys().isEmpty)

            // Granting the role the message names makes the same import work.
            try fixture.local.addIAMBinding(bucket: "private-bucket", member: agent, role: "roles/storage.objectViewer")
            let granted = try await fixture.importAndWait(into: store, uri: "gs://private-bucket/dir/**.dcm")
            #expect(granted.succeeded)
            #expect(granted.counter == .init(success: 2, failure: 0, pending: 0))
            #expect(try await fixture.service.store(store).instanceCount == 2)
        }

        @Test("a URI that matches nothing ends done with NOT_FOUND", arguments: [
            "gs://src-bucket/nothing/**.dcm", "gs://src-bucket/dir/*.png", "gs://src-bucket/dir/absent.dcm",
        ])
        func matchesNothing(uri: String) async throws {
            let fixture = try StoreFixture()
            let store = try await Self.setUp(fixture, bucket: "src-bucket", grant: true)
            let operation = try await fixture.importAndWait(into: store, uri: uri)
            let error = try #require(operation.error)
            #expect(error.code == .notFound)
            #expect(error.message.contains(uri.hasSuffix("absent.dcm") ? "absent.dcm" : uri), "\(error.message)")
            #expect(operation.counter.success == 0)
            #expect(try await fixture.service.store(store).instanceCount == 0)
        }

        @Test("a bucket that does not exist ends done with NOT_FOUND naming it")
        func missingBucket() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let operation = try await fixture.importAndWait(into: store, uri: "gs://no-such-bucket/**.dcm")
            let error = try #require(operation.error)
            #expect(error.code == .notFound)
            #expect(error.message.contains("gs://no-such-bucket"))
        }

        @Test("a bad wildcard or URI fails the request itself: INVALID_ARGUMENT, no operation created", arguments: [
            "gs://src-bucket/dir/**/x.dcm", "gs://src-bucket/**/**", "gs://src-bucket/a***", "src-bucket/**.dcm", "gs://UPPER/**",
        ])
        func invalidURI(uri: String) async throws {
            let fixture = try StoreFixture()
            let store = try await Self.setUp(fixture, bucket: "src-bucket", grant: true)
            do {
                let operation = try await fixture.service.importDicom(into: store, gcsURI: uri, storageClass: nil)
                Issue.record("\(uri) was accepted: operation \(operation.name)")
                _ = try await fixture.waitUntilDone(operation.name)
            } catch {
                #expect(ServiceError(error).code == .invalidArgument, "\(error)")
                // The service's calls report ServiceError (its documented error type), not the storage layer's.
                #expect(error is ServiceError, "importDicom threw \(type(of: error)): \(error)")
            }
            if uri.contains("**/") {
                do { _ = try await fixture.service.importDicom(into: store, gcsURI: uri, storageClass: nil) } catch {
                    #expect(ServiceError(error).message.contains("**"))
                }
            }
            #expect(try await fixture.service.operations(in: store.dataset, done: nil, kind: nil).isEmpty)
        }

        @Test("importing into a store that does not exist fails the request with NOT_FOUND")
        func missingStore() async throws {
            let fixture = try StoreFixture()
            _ = try await Self.setUp(fixture, bucket: "src-bucket", grant: true)
            let absent = try StoreName(fixture.datasetName(), id: "absent")
            let error = await #expect(throws: ServiceError.self) {
                try await fixture.service.importDicom(into: absent, gcsURI: "gs://src-bucket/**", storageClass: nil)
            }
            #expect(error?.code == .notFound)
            #expect(try await fixture.service.operations(in: absent.dataset, done: nil, kind: nil).isEmpty)
        }

        /// A runner that cannot start workers (a missing executable, no processes left).
        struct FailingRunner: OperationRunner {
            func start(_ operation: OperationName, service: EmbeddedService) throws {
                throw ServiceError(.internal, "cannot start a worker for \(operation)")
            }
        }

        @Test("when no worker can be started, the request fails and leaves no operation running")
        func runnerFailure() async throws {
            let fixture = try StoreFixture()
            let service = try EmbeddedService(dataDirectory: fixture.dataDirectory, storage: fixture.storage, runner: FailingRunner())
            let store = try await Self.setUp(fixture, bucket: "src-bucket", grant: true)
            let error = await #expect(throws: ServiceError.self) {
                try await service.importDicom(into: store, gcsURI: "gs://src-bucket/**.dcm", storageClass: nil)
            }
            #expect(error?.code == .internal)
            // Nothing will ever run it: it must not stay "running" (which blocks deleting the store until a
            // later start-up, 30 s on, declares it cut off).
            let running = try await service.operations(in: store.dataset, done: false, kind: nil)
            #expect(running.isEmpty, "operations left running: \(running.map(\.name.id))")
            await #expect(throws: Never.self) { try await service.deleteStore(store) }
        }

        @Test("unknown operations: NOT_FOUND from get, cancel and logs")
        func unknownOperation() async throws {
            let fixture = try StoreFixture()
            let store = try await fixture.makeStore()
            let name = OperationName(store.dataset, id: "42")
            let get = await #expect(throws: ServiceError.self) { try await fixture.service.operation(name) }
            #expect(get?.code == .notFound)
            let cancel = await #expect(throws: ServiceError.self) { try await fixture.service.cancel(name) }
            #expect(cancel?.code == .notFound)
            let logs = await #expect(throws: ServiceError.self) { try await fixture.service.logs(of: name) }
            #expect(logs?.code == .notFound)
        }
    }
}
