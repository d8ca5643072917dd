import DICOM
import DicomStore
import Foundation
import ObjectStorage

extension CommandRunner {
    /// Does one command's work; the event to post (nil: nothing to say, or cancelled).
    func perform(_ command: Command) async -> Event? {
        switch command {
        case .loadDatasets(let location):
            return .datasets(location, await result { try await service.datasets(in: location) })
        case .createDataset(let name):
            return .datasetCreated(await result { try await service.createDataset(name, labels: [:]) })
        case .deleteDataset(let name, let force):
            return .datasetDeleted(name, await failure { try await service.deleteDataset(name, force: force) })
        case .loadStores(let dataset):
            return .stores(dataset, await result { try await service.stores(in: dataset) })
        case .createStore(let name):
            return .storeCreated(await result { try await service.createStore(name, labels: [:]) })
        case .deleteStore(let name):
            return .storeDeleted(name, await failure { try await service.deleteStore(name) })
        case .loadStudies(let store):
            return .studies(store, await result { try await service.studies(in: store) })
        case .loadSeries(let store, let study):
            return .series(store, study: study, await result { try await service.series(in: store, study: study) })
        case .loadInstances(let store, let study, let series):
            return .instances(store, study: study, series: series,
                              await result { try await service.instances(in: store, study: study, series: series) })
        case .loadAttributes(let store, let sop):
            return .attributes(store, sopInstanceUID: sop, await result {
                let file = try DICOMFile(data: try await service.instanceBytes(in: store, sopInstanceUID: sop))
                return DumpFormatter().format(file.dataSet)
            })
        case .loadBuckets(let project):
            do {
                let (buckets, problem) = try await service.storage.listBucketsReportingRemote(project: project)
                return .buckets(.success(buckets), remoteProblem: problem.map { ServiceError($0).message }, project: project)
            } catch {
                return .buckets(.failure(ServiceError(error)), remoteProblem: nil, project: project)
            }
        case .listFolder(let bucket, let prefix, let token, let generation, let browser):
            return .folder(bucket: bucket, prefix: prefix, generation: generation, appending: token != nil, for: browser, await result {
                try await service.storage.list(bucket: bucket, prefix: prefix, delimiter: "/", pageToken: token, pageSize: 500)
            })
        case .preview(let uri, let generation):
            let preview = await result { try await self.preview(uri) }
            return Task.isCancelled ? nil : .preview(generation: generation, preview)
        case .checkAccess(let bucket, let need, let project, let then):
            return await checkAccess(bucket: bucket, need: need, project: project, then: then)
        case .startImport(let store, let uri, let storageClass):
            return .operationStarted(await result { try await service.importDicom(into: store, gcsURI: uri, storageClass: storageClass) })
        case .startExport(let store, let prefix, let mimeType, let filterPath):
            return .operationStarted(await result {
                let filter: FilterSource? = try filterPath.map { path in
                    if path.hasPrefix("gs://") { return .bucket(path) }
                    do { return .text(try String(contentsOfFile: path, encoding: .utf8), name: path) } catch {
                        throw ServiceError(.invalidArgument, "cannot read the filter file \(path): \(error.localizedDescription)")
                    }
                }
                return try await service.exportDicom(from: store, uriPrefix: prefix, mimeType: mimeType, filter: filter)
            })
        case .exportMetadata(let store, let tableURI):
            return .operationStarted(await result {
                try await service.exportMetadata(from: store, to: try MetadataTable(uri: tableURI, disposition: .writeEmpty))
            })
        case .grant(let bucket, let member, let roles, let then):
            let error = await failure {
                for role in roles { try await service.storage.addIAMBinding(bucket: bucket, member: member, role: role) }
            }
            inbox.post(.granted(bucket: bucket, roles: roles, error))
            guard error == nil, let then else { return nil }
            return await perform(then)
        case .loadOperations(let dataset):
            return .operations(dataset, await result { try await service.operations(in: dataset, done: nil, kind: nil) })
        case .cancelOperation(let name):
            return .operationCancelled(name, await failure { _ = try await service.cancel(name) })
        case .loadOperationDetails(let name):
            return .operationDetails(name, await result { try await details(of: name) })
        case .loadLogs(let name):
            return .logs(name, await result { try await service.logs(of: name) })
        case .runSetup(let plan):
            return await runSetup(plan)
        case .saveConfig(let config):
            do { try Self.save(config, in: dataDirectory) } catch {
                return .failure(ServiceError(.internal, "cannot write console.json: \(error.localizedDescription)"))
            }
            return nil
        }
    }

    /// Counts what a pattern matches (stopping at 100,000 objects), with the first few names.
    func preview(_ uri: String) async throws -> PreviewResult {
        let parsed = try StorageURI(uri)
        var preview = PreviewResult(count: 0, bytes: 0, firstNames: [], truncated: false)
        for try await object in try service.storage.objects(matching: parsed) {
            if Task.isCancelled { break }
            preview.count += 1
            preview.bytes += object.size
            if preview.firstNames.count < 3 { preview.firstNames.append(object.name) }
            if preview.count >= 100_000 {
                preview.truncated = true
                break
            }
        }
        return preview
    }

    /// Runs `then` if the store's service agent may use the bucket; otherwise reports what is missing.
    func checkAccess(bucket: String, need: BucketAccess.Need, project: String, then: Command) async -> Event? {
        let storage = service.storage
        let agent = service.serviceAgent(of: project)
        do {
            let access = try await BucketAccess.check(storage, bucket: bucket, member: agent, need: need,
                                                      grantTool: storage.grantTool(for: bucket))
            if case .missing(let permissions, let role, let command) = access {
                let purpose = need == .read ? "Import reads the bucket" : "Export writes into the bucket"
                let explanation = "The store's service agent \(agent) lacks \(permissions.joined(separator: ", ")) on gs://\(bucket). \(purpose), so it needs \(role)."
                return .accessMissing(AccessProblem(bucket: bucket, member: agent, role: role, explanation: explanation,
                                                    grantCommand: command, canGrant: storage.canGrant(on: bucket), then: then))
            }
        } catch {
            return .failure(ServiceError(error))
        }
        return await perform(then)
    }

    /// An operation as the REST API shows it, with its log's first entries.
    func details(of name: OperationName) async throws -> String {
        let operation = try await service.operation(name)
        var text = RESTShapes.operation(operation).serialized(pretty: true)
        let logs = try await service.logs(of: name)
        if !logs.isEmpty {
            text += "\n\nLog (\(logs.count) entries, first 20; press l on the row for all):"
            for entry in logs.prefix(20) { text += "\n  \(entry.code.rawValue)  \(entry.resource): \(entry.message)" }
        }
        return text
    }
}
