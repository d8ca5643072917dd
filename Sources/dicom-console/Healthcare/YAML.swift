import ObjectStorage
import Foundation
import DICOM

/// Renders JSON values as YAML the way gcloud prints resources: keys sorted, strings quoted only when
/// YAML would read them as something else, numbers-as-strings in single quotes (`success: '6'`).
enum YAML {
    static func render(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, to: &out, inList: false)
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, to out: inout String, inList: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let members):
            if members.isEmpty { out += "{}\n"; return }
            for (index, (key, member)) in members.sorted(by: { $0.0 < $1.0 }).enumerated() {
                let prefix = (inList && index == 0) ? "" : pad
                out += prefix + scalarText(.string(key)) + ":"
                if isScalar(member) || isEmptyContainer(member) {
                    out += " " + (isEmptyContainer(member) ? emptyText(member) : scalarText(member)) + "\n"
                } else {
                    out += "\n"
                    write(member, indent: indent + 2, to: &out, inList: false)
                }
            }
        case .array(let values):
            for element in values {
                if isScalar(element) {
                    out += pad + "- " + scalarText(element) + "\n"
                } else {
                    out += pad + "- "
                    write(element, indent: indent + 2, to: &out, inList: true)
                }
            }
        default:
            out += pad + scalarText(value) + "\n"
        }
    }

    private static func isScalar(_ value: JSONValue) -> Bool {
        switch value { case .object, .array: false; default: true }
    }

    private static func isEmptyContainer(_ value: JSONValue) -> Bool {
        switch value {
        case .object(let members): members.isEmpty
        case .array(let values): values.isEmpty
        default: false
        }
    }

    private static func emptyText(_ value: JSONValue) -> String {
        if case .array = value { return "[]" }
        return "{}"
    }

    private static func scalarText(_ value: JSONValue) -> String {
        switch value {
        case .null: return "null"
        case .bool(let flag): return flag ? "true" : "false"
        case .number(let text): return text
        case .string(let text):
            if text.contains("\n") { return JSONValue.string(text).serialized() }  // YAML reads JSON strings
            let plain = !text.isEmpty && Double(text) == nil && !["true", "false", "null", "yes", "no", "~"].contains(text.lowercased())
                && !text.contains(": ") && !text.contains(" #") && !text.contains("\n")
                && !"@`!&*|>'\"%{}[],?-:#".contains(text.first!) && text.first != " " && text.last != " "
            return plain ? text : "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
        default: return ""
        }
    }
}
