import DICOM
import Foundation
import ObjectStorage

/// QIDO-RS answers (`application/dicom+json`, PS3.18 F.2) for the attributes the service's summaries
/// carry, both ways: studies, series and instances. Sizes, storage classes and hashes are not DICOM
/// attributes: decoded summaries have them as 0 / STANDARD / "".
public enum QIDOShapes {
    /// A study's attributes.
    public static func study(_ study: StudySummary) -> JSONValue {
        var json = attributes([("0020000D", "UI", study.studyInstanceUID), ("00100020", "LO", study.patientID),
                               ("00100010", "PN", study.patientName), ("00080020", "DA", study.studyDate),
                               ("00081030", "LO", study.studyDescription), ("00201206", "IS", String(study.seriesCount)),
                               ("00201208", "IS", String(study.instanceCount))])
        // Modalities in Study (0008,0061): multi-valued, what study lists of viewers show.
        if !study.modalities.isEmpty, case .object(var members) = json {
            members.append(("00080061", .object([("vr", .string("CS")), ("Value", .array(study.modalities.map(JSONValue.string)))])))
            json = .object(members.sorted { $0.0 < $1.0 })
        }
        return json
    }

    /// A series' attributes.
    public static func series(_ series: SeriesSummary) -> JSONValue {
        attributes([("0020000D", "UI", series.studyInstanceUID), ("0020000E", "UI", series.seriesInstanceUID),
                    ("00080060", "CS", series.modality), ("00200011", "IS", series.seriesNumber.map(String.init)),
                    ("00201209", "IS", String(series.instanceCount))])
    }

    /// An instance's attributes.
    public static func instance(_ instance: Instance) -> JSONValue {
        attributes([("00080016", "UI", instance.sopClassUID), ("00080018", "UI", instance.sopInstanceUID),
                    ("0020000D", "UI", instance.studyInstanceUID), ("0020000E", "UI", instance.seriesInstanceUID),
                    ("00080060", "CS", instance.modality), ("00200013", "IS", instance.instanceNumber.map(String.init)),
                    ("00280008", "IS", String(instance.numberOfFrames)), ("00083002", "UI", instance.transferSyntaxUID)])
    }

    /// A study from its attributes.
    public static func parseStudy(_ json: JSONValue) throws -> StudySummary {
        StudySummary(studyInstanceUID: try required(json, "0020000D"), patientID: text(json, "00100020"),
                     patientName: text(json, "00100010"), studyDate: text(json, "00080020"),
                     studyDescription: text(json, "00081030"), seriesCount: integer(json, "00201206") ?? 0,
                     instanceCount: integer(json, "00201208") ?? 0, totalBytes: 0,
                     modalities: json["00080061"]?["Value"]?.arrayValue?.compactMap(\.stringValue) ?? [])
    }

    /// A series from its attributes (`study` when the answer leaves the Study Instance UID out).
    public static func parseSeries(_ json: JSONValue, study: String) throws -> SeriesSummary {
        SeriesSummary(studyInstanceUID: text(json, "0020000D") ?? study, seriesInstanceUID: try required(json, "0020000E"),
                      modality: text(json, "00080060"), seriesNumber: integer(json, "00200011"),
                      instanceCount: integer(json, "00201209") ?? 0, totalBytes: 0)
    }

    /// An instance from its attributes.
    public static func parseInstance(_ json: JSONValue) throws -> Instance {
        let epoch = Date(timeIntervalSince1970: 0)
        return Instance(studyInstanceUID: try required(json, "0020000D"), seriesInstanceUID: try required(json, "0020000E"),
                        sopInstanceUID: try required(json, "00080018"), sopClassUID: text(json, "00080016") ?? "",
                        modality: text(json, "00080060"), patientID: text(json, "00100020"), patientName: text(json, "00100010"),
                        studyDate: text(json, "00080020"), studyDescription: text(json, "00081030"),
                        seriesNumber: integer(json, "00200011"), instanceNumber: integer(json, "00200013"),
                        transferSyntaxUID: text(json, "00083002") ?? "", numberOfFrames: integer(json, "00280008") ?? 1,
                        size: 0, storageClass: .standard, contentHash: "", createTime: epoch, updateTime: epoch)
    }

    /// The first value of an attribute as text: strings as they are, person names' `Alphabetic`, numbers' text.
    public static func text(_ json: JSONValue, _ tag: String) -> String? {
        switch json[tag]?["Value"]?.arrayValue?.first {
        case .string(let value)?: value
        case .number(let value)?: value
        case let name?: name["Alphabetic"]?.stringValue
        case nil: nil
        }
    }

    static func integer(_ json: JSONValue, _ tag: String) -> Int? {
        text(json, tag).flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    }

    static func required(_ json: JSONValue, _ tag: String) throws -> String {
        guard let value = text(json, tag), !value.isEmpty else {
            throw ServiceError(.internal, "the server's DICOM JSON has no (\(tag.prefix(4)),\(tag.suffix(4))): \(json.serialized().prefix(200))")
        }
        return value
    }

    /// Attributes in tag order; absent values are left out; IS values are JSON numbers, PN values objects.
    static func attributes(_ values: [(String, String, String?)]) -> JSONValue {
        .object(values.sorted { $0.0 < $1.0 }.compactMap { tag, vr, value in
            guard let value else { return nil }
            let item: JSONValue = switch vr {
            case "IS": .number(value)
            case "PN": .object([("Alphabetic", .string(value))])
            default: .string(value)
            }
            return (tag, .object([("vr", .string(vr)), ("Value", .array([item]))]))
        })
    }
}
