import Foundation

extension DICOMJSON {
    /// Resolves a `BulkDataURI` to the value's bytes (little-endian for binary VRs).
    public typealias BulkDataResolver = @Sendable (_ uri: String, _ tag: Tag, _ vr: VR) throws -> Data

    /// Builds a data set from its DICOM JSON object. Text is stored as UTF-8 and, when any is not ASCII,
    /// Specific Character Set becomes `ISO_IR 192`. Errors name the attribute that is wrong.
    public static func dataSet(from json: JSONValue, bulkData: BulkDataResolver? = nil) throws -> DataSet {
        var needsUTF8 = false
        var dataSet = try decodeObject(json, bulkData: bulkData, needsUTF8: &needsUTF8, depth: 0)
        if needsUTF8 { dataSet.set(.text(.specificCharacterSet, .CS, "ISO_IR 192")) }
        return dataSet
    }

    /// Builds a data set from DICOM JSON text.
    public static func dataSet(fromJSON text: String, bulkData: BulkDataResolver? = nil) throws -> DataSet {
        try dataSet(from: JSONValue.parse(text), bulkData: bulkData)
    }

    private static func decodeObject(_ json: JSONValue, bulkData: BulkDataResolver?, needsUTF8: inout Bool,
                                     depth: Int) throws -> DataSet {
        guard case .object(let members) = json else {
            throw DICOMError(.invalidValue, "a DICOM JSON data set must be an object")
        }
        guard depth < 64 else { throw DICOMError(.tooDeep, "DICOM JSON sequences nested deeper than 64") }
        var elements: [DataElement] = []
        for (key, attribute) in members {
            guard let tag = Tag(jsonKey: key) else {
                throw DICOMError(.invalidValue, "\"\(key)\" is not a tag (8 hexadecimal digits)")
            }
            // Text is stored as UTF-8 and the top level says so; an item's own character set would lie.
            if depth > 0, tag == .specificCharacterSet { continue }
            guard let vrName = attribute["vr"]?.stringValue, let vr = VR(vrName) else {
                throw DICOMError(.invalidValue, "attribute has no valid \"vr\"", tag: tag)
            }
            let value: DataElement.Value
            if let inline = attribute["InlineBinary"] {
                guard let text = inline.stringValue, let bytes = Data(base64Encoded: text) else {
                    throw DICOMError(.invalidValue, "InlineBinary is not base64", tag: tag)
                }
                value = .bytes(bytes)
            } else if let uri = attribute["BulkDataURI"]?.stringValue {
                guard let bulkData else {
                    throw DICOMError(.unsupported, "BulkDataURI \(uri) given but no way to fetch bulk data", tag: tag)
                }
                value = .bytes(try bulkData(uri, tag, vr))
            } else if let values = attribute["Value"]?.arrayValue {
                if vr == .SQ {
                    value = .sequence(try values.map {
                        try decodeObject($0, bulkData: bulkData, needsUTF8: &needsUTF8, depth: depth + 1)
                    })
                } else {
                    value = .bytes(try encodeValues(values, vr: vr, tag: tag, needsUTF8: &needsUTF8))
                }
            } else {
                value = vr == .SQ ? .sequence([]) : .bytes(Data())
            }
            elements.append(DataElement(tag: tag, vr: vr, value: value))
        }
        return DataSet(elements)
    }

    private static func encodeValues(_ values: [JSONValue], vr: VR, tag: Tag, needsUTF8: inout Bool) throws -> Data {
        func bad(_ what: String) -> DICOMError { DICOMError(.invalidValue, "\(vr) value \(what)", tag: tag) }
        func numberText(_ value: JSONValue) throws -> String {
            switch value {
            case .number(let text): return text
            case .string(let text): return text
            case .null: return ""
            default: throw bad("must be a number")
            }
        }
        var data = Data()
        switch vr {
        case .US, .SS, .UL, .SL, .SV, .UV, .FL, .FD:
            for value in values {
                let text = try numberText(value)
                try appendBinary(text, vr: vr, to: &data, error: bad("\(text) is out of range"))
            }
            return data
        case .AT:
            for value in values {
                guard let key = value.stringValue, let at = Tag(jsonKey: key) else { throw bad("must be GGGGEEEE") }
                withUnsafeBytes(of: at.group.littleEndian) { data.append(contentsOf: $0) }
                withUnsafeBytes(of: at.element.littleEndian) { data.append(contentsOf: $0) }
            }
            return data
        case .PN:
            let texts = try values.map { value -> String in
                switch value {
                case .null: return ""
                case .object:
                    var groups = ["Alphabetic", "Ideographic", "Phonetic"].map { value[$0]?.stringValue ?? "" }
                    while groups.last == "" { groups.removeLast() }
                    return groups.joined(separator: "=")
                default: throw bad("must be an object of name groups")
                }
            }
            return text(texts, needsUTF8: &needsUTF8)
        case .DS, .IS:
            return text(try values.map(numberText), needsUTF8: &needsUTF8)
        default:
            let texts = try values.map { value -> String in
                switch value {
                case .null: return ""
                case .string(let text): return text
                default: throw bad("must be a string")
                }
            }
            return text(texts, needsUTF8: &needsUTF8)
        }
    }

    private static func text(_ values: [String], needsUTF8: inout Bool) -> Data {
        let joined = values.joined(separator: "\\")
        if joined.utf8.contains(where: { $0 >= 0x80 }) { needsUTF8 = true }
        return Data(joined.utf8)
    }

    private static func appendBinary(_ text: String, vr: VR, to data: inout Data, error: DICOMError) throws {
        func put<T: FixedWidthInteger>(_ value: T?) throws {
            guard let value else { throw error }
            withUnsafeBytes(of: value.littleEndian) { data.append(contentsOf: $0) }
        }
        let integer = Int64(text) ?? Double(text).flatMap { Int64(exactly: $0) }
        switch vr {
        case .US: try put(integer.flatMap { UInt16(exactly: $0) })
        case .SS: try put(integer.flatMap { Int16(exactly: $0) })
        case .UL: try put(integer.flatMap { UInt32(exactly: $0) })
        case .SL: try put(integer.flatMap { Int32(exactly: $0) })
        case .SV: try put(integer)
        case .UV: try put(UInt64(text))
        case .FL: try put(Float(text).map { $0.bitPattern })
        default: try put(Double(text).map { $0.bitPattern })
        }
    }
}
