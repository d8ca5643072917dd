import DICOM
import DicomStore
import Foundation
import ObjectStorage

/// The fields a request body may have, as Google's discovery document declares them. Bodies are checked
/// before anything changes: an unknown field or a wrong type fails the request the way the API does
/// (`Invalid JSON payload received. Unknown name "x" at 'gcs_source': Cannot find field.`).
indirect enum RequestShape: Sendable {
    case string
    case bool
    /// A JSON object of string values (labels).
    case stringMap
    case object([String: RequestShape])

    /// Checks `value` against this shape and returns it with field names in camelCase (Google's APIs
    /// also take snake_case on input); `path` is the field path so far (snake_case, as Google reports it).
    func normalize(_ value: JSONValue, path: String = "") throws -> JSONValue {
        switch (self, value) {
        case (_, .null): return value
        case (.string, .string), (.bool, .bool): return value
        case (.stringMap, .object(let members)):
            for (key, member) in members {
                guard case .string = member else { throw Self.invalid(Self.join(path, key), "TYPE_STRING", member) }
            }
            return value
        case (.object(let fields), .object(let members)):
            var normalized: [(String, JSONValue)] = []
            for (key, member) in members {
                let name = fields[key] == nil ? Self.camelCase(key) : key
                guard let shape = fields[name] else {
                    throw ServiceError(.invalidArgument,
                                       "Invalid JSON payload received. Unknown name \"\(key)\"\(path.isEmpty ? "" : " at '\(path)'"): Cannot find field.")
                }
                guard !normalized.contains(where: { $0.0 == name }) else {
                    throw ServiceError(.invalidArgument, "Invalid JSON payload received. \"\(key)\" is given twice\(path.isEmpty ? "" : " at '\(path)'").")
                }
                normalized.append((name, try shape.normalize(member, path: Self.join(path, Self.snakeCase(name)))))
            }
            return .object(normalized)
        case (.string, _): throw Self.invalid(path, "TYPE_STRING", value)
        case (.bool, _): throw Self.invalid(path, "TYPE_BOOL", value)
        case (.stringMap, _), (.object, _):
            throw ServiceError(.invalidArgument, "Invalid JSON payload received. Expected an object at '\(path.isEmpty ? "(body)" : path)', found \(value.serialized()).")
        }
    }

    private static func invalid(_ path: String, _ type: String, _ value: JSONValue) -> ServiceError {
        ServiceError(.invalidArgument, "Invalid value at '\(path)' (\(type)), \(value.serialized())")
    }

    private static func join(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    static func camelCase(_ name: String) -> String {
        var out = "", upper = false
        for character in name {
            if character == "_" { upper = true; continue }
            out += upper ? character.uppercased() : String(character)
            upper = false
        }
        return out
    }

    static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}

/// The request bodies of the methods the server implements.
enum RequestShapes {
    /// Dataset (labels are this product's addition; read-only fields are accepted and ignored).
    static let dataset = RequestShape.object(["name": .string, "timeZone": .string, "labels": .stringMap])
    static let dicomStore = RequestShape.object(["name": .string, "labels": .stringMap])
    static let importRequest = RequestShape.object([
        "gcsSource": .object(["uri": .string]),
        "blobStorageSettings": .object(["blobStorageClass": .string]),
    ])
    static let exportRequest = RequestShape.object([
        "gcsDestination": .object(["uriPrefix": .string, "mimeType": .string]),
        "bigqueryDestination": .object(["tableUri": .string, "writeDisposition": .string, "force": .bool,
                                        "includeSourceStore": .bool]),
        "filterConfig": .object(["resourcePathsGcsUri": .string]),
    ])
    static let cancel = RequestShape.object([:])
}
