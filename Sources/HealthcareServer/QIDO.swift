import DICOM
import DicomStore
import Foundation
import ObjectStorage

/// QIDO-RS search (PS3.18 §10.6): the attributes each level returns, query parameters by keyword or
/// tag, matching (UID lists, `*`/`?` wildcards, case-insensitive names, date ranges), `limit`/`offset`.
struct QIDOQuery {
    /// A searchable attribute: keyword, tag and VR.
    struct Attribute {
        let keyword: String
        let tag: String
        let vr: String
    }

    static let attributes: [Attribute] = [
        .init(keyword: "StudyInstanceUID", tag: "0020000D", vr: "UI"),
        .init(keyword: "SeriesInstanceUID", tag: "0020000E", vr: "UI"),
        .init(keyword: "SOPInstanceUID", tag: "00080018", vr: "UI"),
        .init(keyword: "SOPClassUID", tag: "00080016", vr: "UI"),
        .init(keyword: "PatientID", tag: "00100020", vr: "LO"),
        .init(keyword: "PatientName", tag: "00100010", vr: "PN"),
        .init(keyword: "StudyDate", tag: "00080020", vr: "DA"),
        .init(keyword: "StudyDescription", tag: "00081030", vr: "LO"),
        .init(keyword: "Modality", tag: "00080060", vr: "CS"),
        // Matched as a list (any of the values asked for), like UIDs.
        .init(keyword: "ModalitiesInStudy", tag: "00080061", vr: "UI"),
        .init(keyword: "SeriesNumber", tag: "00200011", vr: "IS"),
        .init(keyword: "InstanceNumber", tag: "00200013", vr: "IS"),
    ]

    /// Parameters that are not attribute matches.
    static let reserved: Set<String> = ["limit", "offset", "includefield", "fuzzymatching"]

    /// Attribute tag → the value the query asks for.
    var matches: [String: String] = [:]
    var limit: Int?
    var offset = 0

    init(_ request: APIRequest) throws {
        for (name, value) in request.query {
            if Self.reserved.contains(name.lowercased()) { continue }
            guard let attribute = Self.attributes.first(where: { $0.keyword == name || $0.tag == name.uppercased() }) else {
                throw ServiceError(.invalidArgument, "\(name) is not a search parameter this store supports (\(Self.attributes.map(\.keyword).joined(separator: ", ")), limit, offset, includefield)")
            }
            matches[attribute.tag] = value
        }
        limit = try request.intParameter("limit", in: 0...100_000)
        offset = try request.intParameter("offset", in: 0...Int.max) ?? 0
    }

    /// True when the result (tag → value) meets every match the query asks for.
    func accepts(_ values: [String: String?]) -> Bool {
        for (tag, wanted) in matches where !wanted.isEmpty {
            guard let attribute = Self.attributes.first(where: { $0.tag == tag }) else { return false }
            guard let present = values[tag] else { continue }  // not an attribute of this level: ignored
            guard let value = present else { return false }
            if !Self.match(value, wanted, vr: attribute.vr) { return false }
        }
        return true
    }

    /// Applies offset and limit.
    func page<T>(_ items: [T]) -> [T] {
        let rest = items.dropFirst(offset)
        return Array(limit.map { rest.prefix($0) } ?? rest)
    }

    static func match(_ value: String, _ wanted: String, vr: String) -> Bool {
        switch vr {
        case "UI": return wanted.split(whereSeparator: { $0 == "," || $0 == "\\" }).contains { $0.trimmingCharacters(in: .whitespaces) == value }
        case "DA":
            guard wanted.contains("-") else { return value == wanted }
            let bounds = wanted.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            return (bounds[0].isEmpty || value >= bounds[0]) && (bounds[1].isEmpty || value <= bounds[1])
        case "PN": return wildcard(value.lowercased(), wanted.lowercased())
        case "IS": return Int(value.trimmingCharacters(in: .whitespaces)) == Int(wanted.trimmingCharacters(in: .whitespaces))
        default: return wildcard(value, wanted)
        }
    }

    /// `*` any run, `?` one character.
    static func wildcard(_ value: String, _ pattern: String) -> Bool {
        let v = Array(value), p = Array(pattern)
        var vi = 0, pi = 0, star = -1, mark = 0
        while vi < v.count {
            if pi < p.count, p[pi] == "?" || p[pi] == v[vi] { vi += 1; pi += 1 }
            else if pi < p.count, p[pi] == "*" { star = pi; mark = vi; pi += 1 }
            else if star >= 0 { pi = star + 1; mark += 1; vi = mark }
            else { return false }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}

/// What search results are matched on: tag → value (nil when absent). The answers themselves are
/// `QIDOShapes` (DicomStore), which the remote client reads back.
enum QIDOResult {
    static func values(_ study: StudySummary) -> [String: String?] {
        ["0020000D": study.studyInstanceUID, "00100020": study.patientID, "00100010": study.patientName,
         "00080020": study.studyDate, "00081030": study.studyDescription]
    }

    static func values(_ series: SeriesSummary) -> [String: String?] {
        ["0020000D": series.studyInstanceUID, "0020000E": series.seriesInstanceUID, "00080060": series.modality,
         "00200011": series.seriesNumber.map(String.init)]
    }

    static func values(_ instance: Instance) -> [String: String?] {
        ["0020000D": instance.studyInstanceUID, "0020000E": instance.seriesInstanceUID, "00080018": instance.sopInstanceUID,
         "00080016": instance.sopClassUID, "00080060": instance.modality, "00200013": instance.instanceNumber.map(String.init),
         "00100020": instance.patientID, "00100010": instance.patientName, "00080020": instance.studyDate]
    }
}
