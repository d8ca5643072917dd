import ObjectStorage
import Foundation

/// A dataset: the container of DICOM stores and of operations.
public struct Dataset: Sendable, Codable, Equatable {
    /// `projects/P/locations/L/datasets/D`.
    public var name: DatasetName
    /// User labels.
    public var labels: [String: String]
    /// When it was created.
    public var createTime: Date
}

/// A DICOM store, with the counts a console shows.
public struct DicomStore: Sendable, Codable, Equatable {
    /// `…/datasets/D/dicomStores/S`.
    public var name: StoreName
    /// User labels.
    public var labels: [String: String]
    /// When it was created.
    public var createTime: Date
    /// Numbers of studies, series and instances, and their bytes.
    public var studyCount: Int
    public var seriesCount: Int
    public var instanceCount: Int
    public var totalBytes: Int64
    /// The distinct modalities of its series, sorted (Modalities in Study).
    public var modalities: [String] = []
}

/// The storage classes an instance can be kept in (the cloud's blob storage settings).
public enum StorageClass: String, Sendable, Codable, CaseIterable {
    case standard = "STANDARD"
    case nearline = "NEARLINE"
    case coldline = "COLDLINE"
    case archive = "ARCHIVE"

    /// Parses a class name, case-insensitively; errors list the valid ones.
    public init(parsing text: String) throws {
        guard let value = StorageClass(rawValue: text.uppercased()) else {
            throw ServiceError(.invalidArgument, "storage class \"\(text)\" is not one of \(StorageClass.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = value
    }
}

/// One indexed instance: its identity, the attributes a console lists, and where its bytes are.
public struct Instance: Sendable, Codable, Equatable {
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var sopInstanceUID: String
    public var sopClassUID: String
    public var modality: String?
    public var patientID: String?
    public var patientName: String?
    public var studyDate: String?
    public var studyDescription: String?
    public var seriesNumber: Int?
    public var instanceNumber: Int?
    public var transferSyntaxUID: String
    public var numberOfFrames: Int
    /// Size of the stored Part-10 bytes.
    public var size: Int64
    public var storageClass: StorageClass
    /// SHA-256 of the stored bytes, hexadecimal: also the blob's key.
    public var contentHash: String
    public var createTime: Date
    public var updateTime: Date
}

/// A study or series summary: its UID, a few attributes, and counts.
public struct SeriesSummary: Sendable, Codable, Equatable {
    public var studyInstanceUID: String
    public var seriesInstanceUID: String
    public var modality: String?
    public var seriesNumber: Int?
    public var instanceCount: Int
    public var totalBytes: Int64
}

/// A study summary.
public struct StudySummary: Sendable, Codable, Equatable {
    public var studyInstanceUID: String
    public var patientID: String?
    public var patientName: String?
    public var studyDate: String?
    public var studyDescription: String?
    public var seriesCount: Int
    public var instanceCount: Int
    public var totalBytes: Int64
    /// The distinct modalities of its series, sorted (Modalities in Study).
    public var modalities: [String] = []
}
