import ObjectStorage
import Foundation

/// Resource IDs and names in the cloud's form:
/// `projects/P/locations/L/datasets/D`, `…/dicomStores/S`, `…/datasets/D/operations/ID`.
public enum ResourceID {
    /// Validates a dataset or DICOM store ID: 1–256 characters of letters, digits, `_`, `-` and `.`.
    public static func validate(_ id: String, kind: String) throws {
        guard !id.isEmpty, id.utf8.count <= 256 else {
            throw ServiceError(.invalidArgument, "\(kind) ID must have 1 to 256 characters")
        }
        for (index, character) in id.unicodeScalars.enumerated() {
            let ok = ("a"..."z").contains(character) || ("A"..."Z").contains(character)
                || ("0"..."9").contains(character) || character == "_" || character == "-" || character == "."
            if !ok {
                throw ServiceError(.invalidArgument,
                                   "\(kind) ID \"\(id)\": character \(index + 1) \"\(character)\" is not allowed (letters, digits, _, - and . only)")
            }
        }
    }

    /// Validates a project ID (cloud rules loosened: letters, digits, `-`, `.`, `:`, 1–100 characters) or a location.
    static func validatePath(_ value: String, kind: String) throws {
        guard !value.isEmpty, value.utf8.count <= 100,
              value.unicodeScalars.allSatisfy({ ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || "-_.:".unicodeScalars.contains($0) }) else {
            throw ServiceError(.invalidArgument, "\(kind) \"\(value)\" is not valid (letters, digits, -, _, . and : only)")
        }
    }
}

/// `projects/P/locations/L`.
public struct LocationName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let project: String
    public let location: String

    public init(project: String, location: String) throws {
        try ResourceID.validatePath(project, kind: "project")
        try ResourceID.validatePath(location, kind: "location")
        self.project = project
        self.location = location
    }

    public var description: String { "projects/\(project)/locations/\(location)" }
}

/// `projects/P/locations/L/datasets/D`.
public struct DatasetName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let parent: LocationName
    public let id: String

    public init(_ parent: LocationName, id: String) throws {
        try ResourceID.validate(id, kind: "dataset")
        self.parent = parent
        self.id = id
    }

    /// Parses `projects/P/locations/L/datasets/D`.
    public init(parsing text: String) throws {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 6, parts[0] == "projects", parts[2] == "locations", parts[4] == "datasets" else {
            throw ServiceError(.invalidArgument, "\"\(text)\" is not a dataset name (projects/P/locations/L/datasets/D)")
        }
        try self.init(LocationName(project: parts[1], location: parts[3]), id: parts[5])
    }

    public var description: String { "\(parent)/datasets/\(id)" }
}

/// `projects/P/locations/L/datasets/D/dicomStores/S`.
public struct StoreName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let dataset: DatasetName
    public let id: String

    public init(_ dataset: DatasetName, id: String) throws {
        try ResourceID.validate(id, kind: "DICOM store")
        self.dataset = dataset
        self.id = id
    }

    /// Parses `projects/P/locations/L/datasets/D/dicomStores/S`.
    public init(parsing text: String) throws {
        guard let range = text.range(of: "/dicomStores/") else {
            throw ServiceError(.invalidArgument, "\"\(text)\" is not a DICOM store name (…/datasets/D/dicomStores/S)")
        }
        try self.init(DatasetName(parsing: String(text[..<range.lowerBound])), id: String(text[range.upperBound...]))
    }

    public var description: String { "\(dataset)/dicomStores/\(id)" }
}

/// `projects/P/locations/L/datasets/D/operations/ID`: operations belong to the dataset.
public struct OperationName: Hashable, Sendable, Codable, CustomStringConvertible {
    public let dataset: DatasetName
    public let id: String

    public init(_ dataset: DatasetName, id: String) {
        self.dataset = dataset
        self.id = id
    }

    /// Parses a full operation name, or (with `dataset`) a bare ID.
    public init(parsing text: String, dataset: DatasetName? = nil) throws {
        if let range = text.range(of: "/operations/") {
            let id = String(text[range.upperBound...])
            guard !id.isEmpty, id.utf8.count <= 30, id.allSatisfy({ $0.isASCII && $0.isNumber }) else {
                throw ServiceError(.invalidArgument, "\"\(text)\" is not an operation name: the ID after /operations/ must be digits")
            }
            self.init(try DatasetName(parsing: String(text[..<range.lowerBound])), id: id)
        } else if let dataset, !text.isEmpty, text.allSatisfy(\.isNumber) {
            self.init(dataset, id: text)
        } else {
            throw ServiceError(.invalidArgument, "\"\(text)\" is not an operation name (…/datasets/D/operations/ID)")
        }
    }

    public var description: String { "\(dataset)/operations/\(id)" }
}
