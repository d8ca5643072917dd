import DicomStore
import Foundation
import ObjectStorage

extension CommandRunner {
    /// The guided setup: dataset, store, bucket, roles, samples, import. Each step reports as it goes;
    /// things that already exist are kept (so `:setup` can run again).
    func runSetup(_ plan: SetupPlan) async -> Event {
        if let directory = plan.dataDirectory {
            do {
                try await step("Use data directory \(directory)") {
                    let used = try await relocate(to: URL(fileURLWithPath: directory)).path
                    inbox.post(.dataDirectoryChanged(used))
                    return (used == directory ? "" : "\(used), beside the files there; ") + "the default from now on"
                }
            } catch {
                return .setupFinished(store: nil, operation: nil)
            }
        }
        let storage = service.storage
        do {
            let dataset = try DatasetName(plan.location, id: plan.datasetID)
            let store = try StoreName(dataset, id: plan.storeID)
            try await step("Create dataset \(plan.datasetID)") {
                do { _ = try await service.createDataset(dataset, labels: [:]); return "created" } catch let error as ServiceError where error.code == .alreadyExists {
                    return "exists, kept"
                }
            }
            try await step("Create DICOM store \(plan.storeID)") {
                do { _ = try await service.createStore(store, labels: [:]); return "created" } catch let error as ServiceError where error.code == .alreadyExists {
                    return "exists, kept"
                }
            }
            let bucketTitle = plan.existingFolder.map { "Register \($0) as gs://\(plan.bucket)" } ?? "Create bucket gs://\(plan.bucket)"
            try await step(bucketTitle) { try await makeBucket(plan, in: storage) }
            let agent = service.serviceAgent(of: plan.location.project)
            for (role, why) in SetupPlan.roles {
                try await step("Grant \(role) to the store's service agent (\(why))") {
                    do {
                        try await storage.addIAMBinding(bucket: plan.bucket, member: agent, role: role)
                    } catch let error as StorageError where error.code == .unimplemented && plan.cloudStorage {
                        // A Cloud Storage emulator keeps no IAM policies: imports and exports are not checked there.
                        return "nothing to grant: this endpoint has no IAM policies"
                    }
                    return agent
                }
            }
            guard let samples = plan.samplesFolder else { return .setupFinished(store: store, operation: nil) }
            let files = try sampleFiles(in: samples)
            try await step("Copy \(files.count) sample files into gs://\(plan.bucket)/samples/") {
                var bytes: Int64 = 0
                for file in files {
                    let data = try Data(contentsOf: file)
                    _ = try await storage.write(bucket: plan.bucket, object: "samples/" + file.lastPathComponent,
                                                contentType: "application/dicom", data: data)
                    bytes += Int64(data.count)
                }
                return TextLayout.bytes(bytes)
            }
            let uri = "gs://\(plan.bucket)/samples/**.dcm"
            var operation: DicomOperation?
            try await step("Import \(uri)") {
                let started = try await service.importDicom(into: store, gcsURI: uri, storageClass: nil)
                operation = started
                return "operation \(started.name.id)"
            }
            return .setupFinished(store: store, operation: operation)
        } catch {
            return .setupFinished(store: nil, operation: nil)
        }
    }

    /// The setup's bucket: an existing folder registered locally (embedded only: a server cannot see this
    /// machine's folders), else a new bucket where the service reads it (`StorageRouter.createBucket`).
    private func makeBucket(_ plan: SetupPlan, in storage: StorageRouter) async throws -> String {
        if plan.cloudStorage {
            guard let remote = storage.remote else { throw ServiceError(.failedPrecondition, "Cloud Storage is not configured here") }
            guard !storage.local.hasBucket(plan.bucket) else {
                throw ServiceError(.failedPrecondition, "a local bucket is named gs://\(plan.bucket) and would hide the Cloud Storage one: choose another name")
            }
            do {
                _ = try await remote.bucket(plan.bucket)
                return "exists in Cloud Storage, kept"
            } catch let error as StorageError where error.code == .notFound {
                return "created on \(try await remote.createBucket(plan.bucket).location)"
            }
        }
        if let folder = plan.existingFolder {
            if storage.local.hasBucket(plan.bucket) { return "exists, kept" }
            guard storage.placement == .local else {
                throw ServiceError(.failedPrecondition, "the server cannot see \(folder) on this machine: create a new bucket instead")
            }
            return "folder \(try storage.local.createBucket(plan.bucket, folder: URL(fileURLWithPath: folder)).location)"
        }
        do {
            let info = try await storage.createBucket(plan.bucket)
            return info.backend == "local" ? "folder \(info.location)" : "created on \(info.location)"
        } catch let error as StorageError where error.code == .alreadyExists {
            return "exists, kept"
        }
    }

    /// Reports a step as running, runs it, and reports how it ended (errors end the setup).
    private func step(_ title: String, _ body: () async throws -> String) async throws {
        inbox.post(.setupStep(SetupStep(title: title, outcome: nil)))
        do {
            let detail = try await body()
            inbox.post(.setupStep(SetupStep(title: title, outcome: .done(detail))))
        } catch {
            inbox.post(.setupStep(SetupStep(title: title, outcome: .failed(ServiceError(error).message))))
            throw error
        }
    }

    /// The `.dcm` files of the sample folder, by name.
    private func sampleFiles(in folder: String) throws -> [URL] {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasSuffix(".dcm") }.sorted()
        guard !names.isEmpty else { throw ServiceError(.notFound, "no .dcm files in \(folder)") }
        return names.map { URL(fileURLWithPath: folder).appendingPathComponent($0) }
    }
}
