import Foundation
import ObjectStorage

/// The one interface every front end (console, CLI, HTTP server) uses: datasets, DICOM stores,
/// instances, imports, operations and their logs, and buckets. The embedded implementation keeps
/// everything on this machine; a remote one can speak the REST API instead.
public protocol DicomService: Sendable {
    // MARK: Datasets
    /// Creates a dataset; `alreadyExists` if it does.
    func createDataset(_ name: DatasetName, labels: [String: String]) async throws -> Dataset
    /// One dataset.
    func dataset(_ name: DatasetName) async throws -> Dataset
    /// The datasets of a location, by ID.
    func datasets(in location: LocationName) async throws -> [Dataset]
    /// Deletes a dataset; a dataset that still has stores needs `force` (its stores are then deleted too).
    func deleteDataset(_ name: DatasetName, force: Bool) async throws

    // MARK: DICOM stores
    /// Creates a DICOM store in an existing dataset.
    func createStore(_ name: StoreName, labels: [String: String]) async throws -> DicomStore
    /// One store with its counts.
    func store(_ name: StoreName) async throws -> DicomStore
    /// The stores of a dataset, by ID.
    func stores(in dataset: DatasetName) async throws -> [DicomStore]
    /// Deletes a store and its instances.
    func deleteStore(_ name: StoreName) async throws

    // MARK: Instances
    /// The studies of a store, by Study Instance UID.
    func studies(in store: StoreName) async throws -> [StudySummary]
    /// The series of a study.
    func series(in store: StoreName, study: String) async throws -> [SeriesSummary]
    /// The instances of a series (or of a study with `series` nil), by instance number.
    func instances(in store: StoreName, study: String, series: String?) async throws -> [Instance]
    /// The stored Part-10 bytes of one instance.
    func instanceBytes(in store: StoreName, sopInstanceUID: String) async throws -> Data

    // MARK: Import and operations
    /// Starts importing the objects `gcsURI` names (wildcards allowed) into a store; returns at once
    /// with the operation, which runs in the background.
    func importDicom(into store: StoreName, gcsURI: String, storageClass: StorageClass?) async throws -> Operation
    /// Starts exporting a store (or what a filter file names) to a bucket folder as `mimeType` asks.
    func exportDicom(from store: StoreName, uriPrefix: String, mimeType: String?, filter: FilterSource?) async throws -> Operation
    /// Starts exporting instance metadata to a table.
    func exportMetadata(from store: StoreName, to table: MetadataTable) async throws -> Operation
    /// One operation.
    func operation(_ name: OperationName) async throws -> Operation
    /// A dataset's operations, newest first; `done` filters by state, `kind` by kind.
    func operations(in dataset: DatasetName, done: Bool?, kind: Operation.Kind?) async throws -> [Operation]
    /// Asks a running operation to stop; the work stops promptly and its counters stay true.
    func cancel(_ name: OperationName) async throws -> Operation
    /// Snapshots of an operation while it runs (at least 4 a second), ending with the finished one.
    func progress(of name: OperationName) -> AsyncThrowingStream<Operation, any Error>
    /// The operation's per-object log (failures), oldest first.
    func logs(of name: OperationName) async throws -> [OperationLogEntry]

    // MARK: Buckets
    /// The storage the service reads from and writes to.
    var storage: StorageRouter { get }
    /// The identity of a project's DICOM stores toward buckets (`serviceAccount:service-N@gcp-sa-healthcare…`).
    func serviceAgent(of project: String) -> String
}
