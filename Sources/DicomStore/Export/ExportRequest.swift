import ObjectStorage
import DICOM
import Foundation

/// The export request as the REST API takes it.
struct ExportRequest: Codable, Sendable {
    struct Destination: Codable, Sendable {
        var uriPrefix: String
        var mimeType: String?
    }
    struct Filter: Codable, Sendable { var resourcePathsGcsUri: String? }
    var gcsDestination: Destination
    var filterConfig: Filter?
    /// The filter file's content as read when the request was accepted (validated then).
    var filterText: String?

    var json: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }
}

/// What an export writes for each instance, from `gcsDestination.mimeType`.
public enum ExportFormat: Sendable, Equatable {
    /// The stored Part-10 bytes as they are (`application/dicom`, or with `transfer-syntax=*`).
    case dicomAsStored
    /// Part 10 re-encoded in another transfer syntax.
    case dicom(TransferSyntax)
    /// Pixel data per frame: as stored (`*`), or uncompressed explicit VR little endian.
    case octetStream(uncompressed: Bool)
    /// Rendered 8-bit images per frame.
    case png, jpeg

    /// Parses a MIME type as the API takes it; unsupported ones are errors that list the supported.
    public init(mimeType: String?) throws {
        let parts = (mimeType ?? "application/dicom").split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let type = parts.first?.lowercased() ?? ""
        var syntax: String?
        for parameter in parts.dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "transfer-syntax" { syntax = pair[1] }
        }
        switch type {
        case "application/dicom":
            guard let syntax, syntax != "*" else { self = .dicomAsStored; return }
            let target = TransferSyntax.lookup(syntax)
            guard target.isKnown else { throw ServiceError(.invalidArgument, "unknown transfer syntax \(syntax) in mimeType") }
            self = .dicom(target)
        case "application/octet-stream":
            if syntax == nil || syntax == "*" { self = .octetStream(uncompressed: false); return }
            guard syntax == TransferSyntax.explicitVRLittleEndian.uid else {
                throw ServiceError(.invalidArgument, "application/octet-stream takes transfer-syntax=* or \(TransferSyntax.explicitVRLittleEndian.uid)")
            }
            self = .octetStream(uncompressed: true)
        case "image/png": self = .png
        case "image/jpeg": self = .jpeg
        default:
            throw ServiceError(.invalidArgument, "mimeType \"\(mimeType ?? "")\" is not one of application/dicom[; transfer-syntax=UID], application/octet-stream[; transfer-syntax=*], image/jpeg, image/png")
        }
    }

    /// The file extension of exported objects ("" for raw pixel data).
    var fileExtension: String {
        switch self {
        case .dicomAsStored, .dicom: ".dcm"
        case .octetStream: ""
        case .png: ".png"
        case .jpeg: ".jpg"
        }
    }

    /// True when each frame of a multi-frame instance becomes its own object.
    var perFrame: Bool {
        switch self {
        case .octetStream, .png, .jpeg: true
        default: false
        }
    }
}
