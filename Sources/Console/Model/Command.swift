import DicomStore
import ObjectStorage

/// Work the reducer asks for: the runtime performs it in the background against the service and
/// answers with an `Event`.
indirect enum Command: Sendable, Equatable {
    case loadDatasets(LocationName)
    case createDataset(DatasetName)
    case deleteDataset(DatasetName, force: Bool)
    case loadStores(DatasetName)
    case createStore(StoreName)
    case deleteStore(StoreName)
    case loadStudies(StoreName)
    case loadSeries(StoreName, study: String)
    case loadInstances(StoreName, study: String, series: String)
    case loadAttributes(StoreName, sopInstanceUID: String)
    /// Local buckets and those of a Cloud Storage project (nil: the default project).
    case loadBuckets(project: String?)
    /// One page of a bucket folder (`delimiter: "/"`) for a browser; `generation` ties the answer to the request.
    case listFolder(bucket: String, prefix: String, pageToken: String?, generation: Int, for: FolderBrowser)
    /// Counts what a `gs://` pattern matches (cancelled when a newer preview is asked for).
    case preview(uri: String, generation: Int)
    /// Checks the store's service agent may use the bucket, then runs `then` (or reports what is missing).
    case checkAccess(bucket: String, need: BucketAccess.Need, project: String, then: Command)
    case startImport(StoreName, uri: String, storageClass: StorageClass?)
    case startExport(StoreName, uriPrefix: String, mimeType: String?, filterPath: String?)
    case exportMetadata(StoreName, tableURI: String)
    /// Grants roles on a local bucket, then runs `then`.
    case grant(bucket: String, member: String, roles: [String], then: Command?)
    case loadOperations(DatasetName)
    case cancelOperation(OperationName)
    case loadOperationDetails(OperationName)
    case loadLogs(OperationName)
    case runSetup(SetupPlan)
    case saveConfig(ConsoleConfig)
}

/// Which browser a folder listing is for: the Import tab's bucket browser or the Export tab's folder chooser.
enum FolderBrowser: String, Sendable, Equatable {
    case importSource, exportDestination
}

/// What the guided setup does, in order.
struct SetupPlan: Sendable, Equatable {
    var location: LocationName
    var datasetID: String
    var storeID: String
    var bucket: String
    /// Register this existing folder as the bucket (nil: a new bucket folder in the data directory).
    var existingFolder: String?
    /// Copy these sample files into the bucket (`samples/`) and import them.
    var samplesFolder: String?
    /// Move to this data directory first (nil: keep the current one).
    var dataDirectory: String?
    /// The bucket is a Cloud Storage bucket (created there when absent), not a folder here.
    var cloudStorage = false

    /// A plan.
    init(location: LocationName, datasetID: String, storeID: String, bucket: String,
                existingFolder: String?, samplesFolder: String?) {
        self.location = location
        self.datasetID = datasetID
        self.storeID = storeID
        self.bucket = bucket
        self.existingFolder = existingFolder
        self.samplesFolder = samplesFolder
    }

    /// The roles the store's service agent gets on the bucket, and why.
    static let roles: [(role: String, why: String)] = [
        (BucketAccess.Need.read.role, "import lists and reads objects"),
        (BucketAccess.Need.write.role, "export writes objects"),
    ]
}

/// The console's own settings in the data directory (`console.json`): where it was last, and the
/// marker that the first-time setup has been done.
struct ConsoleConfig: Sendable, Codable, Equatable {
    var project: String
    var location: String
    var dataset: String?
    var store: String?

    /// Settings.
    init(project: String, location: String, dataset: String? = nil, store: String? = nil) {
        self.project = project
        self.location = location
        self.dataset = dataset
        self.store = store
    }
}
