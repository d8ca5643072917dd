import Foundation

/// The byte-level writer behind `DumpFormatter`: lines of `(gggg,eeee) VR value  # length, VM Keyword`.
struct DumpWriter {
    private(set) var bytes: [UInt8] = []
    let maximumValueWidth: Int
    private static let hexDigits = Array("0123456789abcdef".utf8)
    private static let valueColumn = 52

    init(capacity: Int, maximumValueWidth: Int) {
        bytes.reserveCapacity(capacity)
        self.maximumValueWidth = maximumValueWidth
    }

    mutating func text(_ string: String) { bytes.append(contentsOf: string.utf8) }

    mutating func dataSet(_ set: DataSet, characterSet inherited: SpecificCharacterSet, depth: Int) {
        let characterSet = set.characterSet(inheriting: inherited)
        for element in set.elements {
            let keyword = DataDictionary.keyword(for: element.tag) ?? "Unknown Tag & Data"
            switch element.value {
            case .sequence(let items):
                line(depth, element.tag, element.vr, "(Sequence #=\(items.count))", nil, "1", keyword)
                for item in items {
                    line(depth + 1, .item, nil, "(Item #=\(item.count))", nil, "1", "Item")
                    dataSet(item, characterSet: characterSet, depth: depth + 2)
                    line(depth + 1, .itemDelimitation, nil, "(ItemDelimitationItem)", 0, "0", "ItemDelimitationItem")
                }
                line(depth, .sequenceDelimitation, nil, "(SequenceDelimitationItem)", 0, "0", "SequenceDelimitationItem")
            case .fragments(let pixels):
                line(depth, element.tag, element.vr, "(PixelSequence #=\(pixels.fragments.count + 1))", nil, "1", keyword)
                line(depth + 1, .item, nil, "(Basic Offset Table)", pixels.basicOffsetTable.count, "1", "Item")
                for fragment in pixels.fragments {
                    line(depth + 1, .item, nil, hexPreview(fragment, wordSize: 1), fragment.count, "1", "Item")
                }
                line(depth, .sequenceDelimitation, nil, "(SequenceDelimitationItem)", 0, "0", "SequenceDelimitationItem")
            case .bytes(let value):
                let (text, multiplicity) = valueText(element, bytes: value, characterSet: characterSet)
                line(depth, element.tag, element.vr, text, value.count, String(multiplicity), keyword)
            }
        }
    }

    private mutating func line(_ depth: Int, _ tag: Tag, _ vr: VR?, _ value: String, _ length: Int?,
                               _ vm: String, _ keyword: String) {
        let start = bytes.count
        for _ in 0..<(depth * 2) { bytes.append(0x20) }
        bytes.append(UInt8(ascii: "("))
        hex(tag.group)
        bytes.append(UInt8(ascii: ","))
        hex(tag.element)
        bytes.append(UInt8(ascii: ")"))
        bytes.append(0x20)
        text(vr?.description ?? "na")
        bytes.append(0x20)
        text(value)
        let width = bytes.count - start
        for _ in width..<max(width, Self.valueColumn) { bytes.append(0x20) }
        text(" # ")
        let lengthText = length.map(String.init) ?? "u/l"
        for _ in lengthText.utf8.count..<max(lengthText.utf8.count, 4) { bytes.append(0x20) }
        text(lengthText)
        text(", ")
        text(vm)
        bytes.append(0x20)
        text(keyword)
        bytes.append(0x0A)
    }

    private mutating func hex(_ value: UInt16) {
        for shift in stride(from: 12, through: 0, by: -4) { bytes.append(Self.hexDigits[Int(value >> UInt16(shift)) & 0xF]) }
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
            let tags = stride(from: 0, to: words.count - 1, by: 2).map {
                Tag(group: words[$0], element: words[$0 + 1]).description.lowercased()
            }
            return (clipped(tags.joined(separator: "\\")), tags.count)
        default:
            return (hexPreview(bytes, wordSize: vr == .OW ? 2 : 1), 1)
        }
    }

    private func hexPreview(_ data: Data, wordSize: Int) -> String {
        var out: [UInt8] = []
        data.withUnsafeBytes { raw in
            var offset = 0
            while offset + wordSize <= raw.count {
                if out.count + wordSize * 2 + 1 > maximumValueWidth { out += Array("...".utf8); break }
                if offset > 0 { out.append(UInt8(ascii: "\\")) }
                for index in (0..<wordSize).reversed() {  // little-endian words, most significant digit first
                    let byte = raw[offset + index]
                    out.append(Self.hexDigits[Int(byte >> 4)])
                    out.append(Self.hexDigits[Int(byte & 0xF)])
                }
                offset += wordSize
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func clipped(_ text: String) -> String {
        guard text.utf8.count > maximumValueWidth else { return text }
        var scalars = String.UnicodeScalarView()
        var width = 0
        for scalar in text.unicodeScalars {
            width += String(scalar).utf8.count
            if width > maximumValueWidth { break }
            scalars.append(scalar)
        }
        return String(scalars) + "..."
    }
}
