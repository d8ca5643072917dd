import Foundation

/// The DICOM JSON model (PS3.18 §F.2): data sets as JSON objects keyed by `GGGGEEEE`, each attribute
/// `{"vr": …, "Value": […]}`, with `InlineBinary` (base64) or `BulkDataURI` for bulk values.
public enum DICOMJSON {
    /// How bulk values (OB, OD, OF, OL, OV, OW, UN and encapsulated Pixel Data) are written.
    public struct Options: Sendable {
        /// Bulk values longer than this many bytes are not inlined. `nil` inlines everything.
        public var bulkDataThreshold: Int?
        /// Builds the `BulkDataURI` of a bulk value above the threshold; returning nil omits the value.
        public var bulkDataURI: (@Sendable (_ element: DataElement) -> String?)?

        /// Creates options.
        public init(bulkDataThreshold: Int? = nil, bulkDataURI: (@Sendable (DataElement) -> String?)? = nil) {
            self.bulkDataThreshold = bulkDataThreshold
            self.bulkDataURI = bulkDataURI
        }
    }

    /// The JSON object of a data set. Group lengths are left out, as the model requires.
    public static func object(for dataSet: DataSet, characterSet inherited: SpecificCharacterSet = .default,
                              options: Options = Options()) -> JSONValue {
        let characterSet = dataSet.characterSet(inheriting: inherited)
        var members: [(String, JSONValue)] = []
        members.reserveCapacity(dataSet.count)
        for element in dataSet.elements where !element.tag.isGroupLength {
            members.append((element.tag.jsonKey, attribute(element, characterSet: characterSet, options: options)))
        }
        return .object(members)
    }

    /// JSON text of a data set (compact unless `pretty`).
    public static func encode(_ dataSet: DataSet, options: Options = Options(), pretty: Bool = false) -> String {
        object(for: dataSet, options: options).serialized(pretty: pretty)
    }

    /// The JSON of one attribute (`{"vr": …, "Value": […]}`), text decoded with `characterSet`.
    public static func attribute(_ element: DataElement, characterSet: SpecificCharacterSet, options: Options) -> JSONValue {
        var members: [(String, JSONValue)] = [("vr", .string(element.vr.description))]
        switch element.value {
        case .sequence(let items):
            if !items.isEmpty {
                members.append(("Value", .array(items.map { object(for: $0, characterSet: characterSet, options: options) })))
            }
        case .fragments:
            if let uri = options.bulkDataURI?(element) { members.append(("BulkDataURI", .string(uri))) }
        case .bytes(let bytes):
            if bytes.isEmpty { break }
            if element.vr.isBulk {
                if let threshold = options.bulkDataThreshold, bytes.count > threshold {
                    if let uri = options.bulkDataURI?(element) { members.append(("BulkDataURI", .string(uri))) }
                } else {
                    members.append(("InlineBinary", .string(bytes.base64EncodedString())))
                }
            } else if let values = values(of: element, bytes: bytes, characterSet: characterSet),
                      values.contains(where: { $0 != .null }) {
                members.append(("Value", .array(values)))
            }
        }
        return .object(members)
    }

    private static func values(of element: DataElement, bytes: Data, characterSet: SpecificCharacterSet) -> [JSONValue]? {
        switch element.vr {
        case .PN:
            return element.strings(characterSet: characterSet)?.map(personName)
        case .DS, .IS:
            return element.strings()?.map { text in
                text.isEmpty ? .null : (number(text, integer: element.vr == .IS).map(JSONValue.number) ?? .string(text))
            }
        case .AT:
            return bytes.littleEndianValues(UInt16.self).pairs().map { .string(Tag(group: $0, element: $1).jsonKey) }
        case .FL, .FD:
            return element.doubles()?.map { $0.isFinite ? .number(formatted($0)) : .string(String($0)) }
        case .US, .SS, .UL, .SL, .SV:
            return element.integers()?.map { .number(String($0)) }
        case .UV:
            return bytes.littleEndianValues(UInt64.self).map { .number(String($0)) }
        default:
            let strings = element.strings(characterSet: characterSet) ?? []
            return strings.map { $0.isEmpty ? .null : .string($0) }
        }
    }

    static func personName(_ value: String) -> JSONValue {
        if value.isEmpty { return .null }
        let groups = value.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
        var members: [(String, JSONValue)] = []
        for (key, group) in zip(["Alphabetic", "Ideographic", "Phonetic"], groups) where !group.isEmpty {
            members.append((key, .string(group)))
        }
        return .object(members)
    }

    /// DS/IS text as a JSON number (JSON forbids `+1`, `.5`, `01` and `1.`, which DICOM allows).
    static func number(_ text: String, integer: Bool) -> String? {
        if integer, let value = Int(text.hasPrefix("+") ? String(text.dropFirst()) : text) { return String(value) }
        guard let value = Double(text), value.isFinite else { return nil }
        if let exact = Int(exactly: value), !text.contains("e"), !text.contains("E"), !text.contains(".") {
            return String(exact)
        }
        return formatted(value)
    }

    static func formatted(_ value: Double) -> String {
        if let exact = Int(exactly: value), abs(value) < 1e15 { return String(exact) + ".0" }
        return "\(value)"
    }
}

extension Array where Element == UInt16 {
    fileprivate func pairs() -> [(UInt16, UInt16)] {
        stride(from: 0, to: count - 1, by: 2).map { (self[$0], self[$0 + 1]) }
    }
}
