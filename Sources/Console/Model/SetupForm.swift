import DicomStore
import Foundation
import ObjectStorage

/// The guided first-time setup: the data directory, project and location, the first dataset and store, a
/// bucket (new, or an existing folder), the service agent's roles on it, and the sample study.
struct SetupForm: Sendable, Equatable {
    /// The fields, in Tab order (the form opens on the project; the data directory is above it).
    enum Field: Int, Sendable, CaseIterable {
        case dataDirectory, project, location, dataset, store, bucketMode, bucketName, folder, samples, submit
    }

    var focus: Field = .project
    /// Where the data goes; editable when the console runs on this machine's embedded service.
    var dataDirectory = TextField()
    /// The directory the console has open (a different one is moved to first).
    var currentDataDirectory = ""
    var allowsDataDirectory = false
    var project: TextField
    var location: TextField
    var dataset: TextField
    var store: TextField
    /// Where the bucket comes from.
    enum BucketSource: Sendable, Equatable { case newFolder, existingFolder, cloudStorage }
    var bucketSource = BucketSource.newFolder
    /// Register an existing folder instead of creating a bucket folder.
    var useExistingFolder: Bool { bucketSource == .existingFolder }
    /// True when Cloud Storage is configured here: the bucket may be a Cloud Storage bucket.
    var allowsCloudStorage = false
    /// The sources this console offers, in the order Space goes through them.
    var bucketSources: [BucketSource] {
        [.newFolder] + (allowsExistingFolder ? [.existingFolder] : []) + (allowsCloudStorage ? [.cloudStorage] : [])
    }
    /// False when the service is a remote server (`--endpoint`): new buckets are made there.
    var allowsExistingFolder = true
    var bucketName: TextField
    var folder = TextField()
    /// Copy the bundled sample study into the bucket and import it.
    var importSamples: Bool
    /// Progress once started.
    var steps: [SetupStep] = []
    var running = false

    /// A form with suggested values.
    init(project: String, location: String, samplesAvailable: Bool) {
        self.project = TextField(project)
        self.location = TextField(location)
        dataset = TextField("dicom")
        store = TextField("store1")
        bucketName = TextField("dicom-bucket")
        importSamples = samplesAvailable
    }

    /// The fields Tab visits.
    var visibleFields: [Field] {
        Field.allCases.filter {
            ($0 != .folder || (useExistingFolder && allowsExistingFolder)) && ($0 != .dataDirectory || allowsDataDirectory)
        }
    }

    /// The field's text, for the text fields.
    subscript(field: Field) -> TextField? {
        get {
            switch field {
            case .dataDirectory: dataDirectory
            case .project: project
            case .location: location
            case .dataset: dataset
            case .store: store
            case .bucketName: bucketName
            case .folder: folder
            default: nil
            }
        }
        set {
            guard let newValue else { return }
            switch field {
            case .dataDirectory: dataDirectory = newValue
            case .project: project = newValue
            case .location: location = newValue
            case .dataset: dataset = newValue
            case .store: store = newValue
            case .bucketName: bucketName = newValue
            case .folder: folder = newValue
            default: break
            }
        }
    }

    /// The error of a field as typed, or nil when it is valid.
    func error(_ field: Field) -> String? {
        do {
            switch field {
            case .dataDirectory:
                // Checked as typed without touching the disk (the UI never waits on it); the folder is
                // created, or refused, when the setup runs.
                let text = dataDirectory.text
                guard allowsDataDirectory else { return nil }
                guard text.hasPrefix("/"), !text.utf8.contains(0), !text.split(separator: "/").contains("..") else {
                    return "give an absolute path (a new or an existing folder)"
                }
            case .project, .location: _ = try LocationName(project: project.text, location: location.text)
            case .dataset: try ResourceID.validate(dataset.text, kind: "dataset")
            case .store: try ResourceID.validate(store.text, kind: "DICOM store")
            case .bucketName: try StorageURI.validateBucketName(bucketName.text)
            case .folder:
                guard useExistingFolder else { return nil }
                var isDirectory: ObjCBool = false
                guard folder.text.hasPrefix("/"), FileManager.default.fileExists(atPath: folder.text, isDirectory: &isDirectory),
                      isDirectory.boolValue else { return "give the absolute path of an existing folder" }
            default: return nil
            }
            return nil
        } catch let error as ServiceError {
            return error.message
        } catch let error as StorageError {
            return error.message
        } catch {
            return String(describing: error)
        }
    }

    /// The first field with an error.
    var firstInvalid: Field? { visibleFields.first { error($0) != nil } }

    /// The plan the form describes, when every field is valid.
    func plan(samplesFolder: String?) -> SetupPlan? {
        guard firstInvalid == nil, let location = try? LocationName(project: project.text, location: location.text) else { return nil }
        var plan = SetupPlan(location: location, datasetID: dataset.text, storeID: store.text, bucket: bucketName.text,
                             existingFolder: useExistingFolder && allowsExistingFolder ? folder.text : nil,
                             samplesFolder: importSamples ? samplesFolder : nil)
        plan.cloudStorage = bucketSource == .cloudStorage && allowsCloudStorage
        let chosen = URL(fileURLWithPath: dataDirectory.text).standardizedFileURL.path
        if allowsDataDirectory, chosen != URL(fileURLWithPath: currentDataDirectory).standardizedFileURL.path {
            plan.dataDirectory = chosen
        }
        return plan
    }
}
