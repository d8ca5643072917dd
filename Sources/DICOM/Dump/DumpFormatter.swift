import Foundation

/// A dcmdump-like text listing of a file: one line per element, nested items indented, values shown as
/// decoded text or numbers, long binary values abbreviated.
public struct DumpFormatter: Sendable {
    /// The most characters of a value shown before it is cut with `...`.
    public var maximumValueWidth: Int

    /// Creates a formatter.
    public init(maximumValueWidth: Int = 64) { self.maximumValueWidth = maximumValueWidth }

    /// The whole listing of a file, meta group first.
    public func format(_ file: DICOMFile) -> String {
        var out = "# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n# Used TransferSyntax: Little Endian Explicit\n"
        append(file.fileMetaInformation, characterSet: .default, depth: 0, to: &out)
        out += "\n# Dicom-Data-Set\n# Used TransferSyntax: \(file.transferSyntax.name)\n"
        append(file.dataSet, characterSet: .default, depth: 0, to: &out)
        if file.isPartial { out += "# (reading stopped before Pixel Data)\n" }
        return out
    }

    /// Appends the lines of one data set at a nesting depth.
    public func append(_ dataSet: DataSet, characterSet inherited: SpecificCharacterSet, depth: Int, to out: inout String) {
        let characterSet = dataSet.characterSet(inheriting: inherited)
        let indent = String(repeating: "  ", count: depth)
        for element in dataSet.elements {
            let keyword = DataDictionary.keyword(for: element.tag) ?? "Unknown Tag & Data"
            switch element.value {
            case .sequence(let items):
                line(indent, element.tag, element.vr, "(Sequence #=\(items.count))", "u/l", "1", keyword, to: &out)
                for item in items {
                    line(indent + "  ", .item, nil, "(Item #=\(item.count))", "u/l", "1", "Item", to: &out)
                    append(item, characterSet: characterSet, depth: depth + 2, to: &out)
                    line(indent + "  ", .itemDelimitation, nil, "(ItemDelimitationItem)", "0", "0", "ItemDelimitationItem", to: &out)
                }
                line(indent, .sequenceDelimitation, nil, "(SequenceDelimitationItem)", "0", "0", "SequenceDelimitationItem", to: &out)
            case .fragments(let pixels):
                line(indent, element.tag, element.vr, "(PixelSequence #=\(pixels.fragments.count + 1))", "u/l", "1", keyword, to: &out)
                line(indent + "  ", .item, nil, "(Basic Offset Table)", String(pixels.basicOffsetTable.count), "1", "Item", to: &out)
                for fragment in pixels.fragments {
                    line(indent + "  ", .item, nil, hexPreview(fragment, wordSize: 1), String(fragment.count), "1", "Item", to: &out)
                }
                line(indent, .sequenceDelimitation, nil, "(SequenceDelimitationItem)", "0", "0", "SequenceDelimitationItem", to: &out)
            case .bytes(let bytes):
                let (text, multiplicity) = valueText(element, bytes: bytes, characterSet: characterSet)
                line(indent, element.tag, element.vr, text, String(bytes.count), String(multiplicity), keyword, to: &out)
            }
        }
    }

    private func line(_ indent: String, _ tag: Tag, _ vr: VR?, _ value: String, _ length: String, _ vm: String,
                      _ keyword: String, to out: inout String) {
        var text = indent + tag.description.lowercased() + " " + (vr?.description ?? "na") + " " + value
        let column = 52
        if text.count < column { text += String(repeating: " ", count: column - text.count) }
        let paddedLength = length.count < 4 ? String(repeating: " ", count: 4 - length.count) + length : length
        out += text + " # " + paddedLength + ", " + vm + " " + keyword + "\n"
    }

    private func valueText(_ element: DataElement, bytes: Data, characterSet: SpecificCharacterSet) -> (String, Int) {
        if bytes.isEmpty { return ("(no value available)", 0) }
        let vr = element.vr
        if vr.isString {
            let values = element.strings(characterSet: characterSet) ?? []
            return ("[" + clipped(values.joined(separator: "\\")) + "]", values.count)
        }
        switch vr {
        case .US, .SS, .UL, .SL, .SV, .UV:
            let values = element.integers() ?? []
            return (clipped(values.map(String.init).joined(separator: "\\")), values.count)
        case .FL, .FD:
            let values = element.doubles() ?? []
            return (clipped(values.map { "\($0)" }.joined(separator: "\\")), values.count)
        case .AT:
            let words = bytes.littleEndianValues(UInt16.self)
            let tags = stride(from: 0, to: words.count - 1, by: 2).map { Tag(group: words[$0], element: words[$0 + 1]).description.lowercased() }
            return (clipped(tags.joined(separator: "\\")), tags.count)
        default:
            return (hexPreview(bytes, wordSize: vr == .OW ? 2 : 1), 1)
        }
    }

    private func hexPreview(_ bytes: Data, wordSize: Int) -> String {
        var parts: [String] = []
        var width = 0
        let words = wordSize == 2 ? bytes.littleEndianValues(UInt16.self).lazy.map(UInt64.init) : bytes.lazy.map(UInt64.init)
        for word in words {
            let hex = String(word, radix: 16)
            let item = String(repeating: "0", count: max(0, wordSize * 2 - hex.count)) + hex
            width += item.count + 1
            if width > maximumValueWidth { parts.append("..."); break }
            parts.append(item)
        }
        return parts.joined(separator: "\\")
    }

    private func clipped(_ text: String) -> String {
        text.count > maximumValueWidth ? String(text.prefix(maximumValueWidth)) + "..." : text
    }
}
