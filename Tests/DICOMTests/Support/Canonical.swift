import Foundation
@testable import DICOM

/// A comparable rendering of a data set: one line per element (nested items indented), with the VR
/// (optionally) and the value bytes in hex, group lengths left out, odd values shown padded as written.
enum Canonical {
    static func lines(_ dataSet: DataSet, compareVR: Bool, depth: Int = 0) -> [String] {
        var out: [String] = []
        let indent = String(repeating: " ", count: depth * 2)
        for element in dataSet.elements where !element.tag.isGroupLength {
            let vr = compareVR ? element.vr.description : "--"
            switch element.value {
            case .bytes(let bytes):
                var value = [UInt8](bytes)
                if value.count % 2 == 1 { value.append(element.vr.paddingByte) }
                out.append("\(indent)\(element.tag) \(vr) \(hex(value))")
            case .sequence(let items):
                out.append("\(indent)\(element.tag) SQ #\(items.count)")
                for item in items { out += ["\(indent) item"] + lines(item, compareVR: compareVR, depth: depth + 1) }
            case .fragments(let pixels):
                let fragments = pixels.fragments.map { hex([UInt8]($0)) }.joined(separator: "|")
                out.append("\(indent)\(element.tag) fragments \(hex([UInt8](pixels.basicOffsetTable))) \(fragments)")
            }
        }
        return out
    }

    /// Short values in hex; long ones (pixel data) as their length and a hash, which is enough to compare.
    static func hex(_ bytes: [UInt8]) -> String {
        if bytes.count > 64 {
            var hasher = Hasher()
            hasher.combine(bytes)
            return "\(bytes.count) bytes #\(hasher.finalize())"
        }
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 15)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The first line where two renderings differ, for a readable failure message.
    static func firstDifference(_ a: [String], _ b: [String]) -> String? {
        for (index, (x, y)) in zip(a, b).enumerated() where x != y {
            return "line \(index): \(x.prefix(160)) ≠ \(y.prefix(160))"
        }
        return a.count == b.count ? nil : "\(a.count) lines ≠ \(b.count) lines"
    }
}
