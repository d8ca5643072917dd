import DicomStore
import ObjectStorage

/// A result of background work, handed to the UI loop through the inbox.
enum Event: Sendable {
    case datasets(LocationName, Result<[Dataset], ServiceError>)
    case datasetCreated(Result<Dataset, ServiceError>)
    case datasetDeleted(DatasetName, ServiceError?)
    case stores(DatasetName, Result<[DicomStore], ServiceError>)
    case storeCreated(Result<DicomStore, ServiceError>)
    case storeDeleted(StoreName, ServiceError?)
    case studies(StoreName, Result<[StudySummary], ServiceError>)
    case series(StoreName, study: String, Result<[SeriesSummary], ServiceError>)
    case instances(StoreName, study: String, series: String, Result<[Instance], ServiceError>)
    case attributes(StoreName, sopInstanceUID: String, Result<String, ServiceError>)
    /// The buckets listed for a Cloud Storage project (nil: the default one).
    case buckets(Result<[BucketInfo], ServiceError>, remoteProblem: String?, project: String?)
    case folder(bucket: String, prefix: String, generation: Int, appending: Bool, for: FolderBrowser, Result<ObjectPage, ServiceError>)
    case preview(generation: Int, Result<PreviewResult, ServiceError>)
    /// The service agent lacks a role: what is missing, and the command that would have run.
    case accessMissing(AccessProblem)
    case operationStarted(Result<DicomOperation, ServiceError>)
    case granted(bucket: String, roles: [String], ServiceError?)
    case operations(DatasetName, Result<[DicomOperation], ServiceError>)
    case operationCancelled(OperationName, ServiceError?)
    case operationDetails(OperationName, Result<String, ServiceError>)
    case logs(OperationName, Result<[OperationLogEntry], ServiceError>)
    case setupStep(SetupStep)
    /// The setup moved the console to another data directory.
    case dataDirectoryChanged(String)
    case setupFinished(store: StoreName?, operation: DicomOperation?)
    /// A message for the flash line.
    case info(String)
    case failure(ServiceError)
}

/// What a wildcard preview found.
struct PreviewResult: Sendable, Equatable {
    var count: Int
    var bytes: Int64
    /// The first few matching object names.
    var firstNames: [String]
    /// True when counting stopped at the limit.
    var truncated: Bool

    /// A result.
    init(count: Int, bytes: Int64, firstNames: [String], truncated: Bool) {
        self.count = count
        self.bytes = bytes
        self.firstNames = firstNames
        self.truncated = truncated
    }
}

/// A bucket the store's service agent may not use yet, and how to fix it.
struct AccessProblem: Sendable, Equatable {
    var bucket: String
    var member: String
    var role: String
    /// The sentence naming what is missing, with the grant command.
    var explanation: String
    var grantCommand: String
    /// True when the console can grant it itself (a local bucket).
    var canGrant: Bool
    /// What to run once granted.
    var then: Command
}

/// One line of the setup's progress.
struct SetupStep: Sendable, Equatable {
    var title: String
    /// nil while running; then success or the error.
    var outcome: Outcome?

    /// How a step ended.
    enum Outcome: Sendable, Equatable {
        case done(String)
        case failed(String)
    }

    /// A step.
    init(title: String, outcome: Outcome?) {
        self.title = title
        self.outcome = outcome
    }
}
