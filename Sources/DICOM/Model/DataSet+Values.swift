import Foundation

/// Typed access to values: text decoded by character set, numbers in their binary or text forms.
extension DataSet {
    /// The values of a text element, decoded and with padding trimmed; nil when absent or not text.
    public func strings(_ tag: Tag, characterSet: SpecificCharacterSet? = nil) -> [String]? {
        guard let element = self[tag] else { return nil }
        return element.strings(characterSet: characterSet ?? self.characterSet())
    }

    /// The first value of a text element, trimmed; nil when absent or empty.
    public func string(_ tag: Tag, characterSet: SpecificCharacterSet? = nil) -> String? {
        guard let first = strings(tag, characterSet: characterSet)?.first, !first.isEmpty else { return nil }
        return first
    }

    /// The first value as an integer: US/SS/UL/SL/SV/UV binary or IS/DS text.
    public func int(_ tag: Tag) -> Int? { self[tag]?.integers()?.first }

    /// The first value as a real number: FL/FD binary, DS/IS text, or any integer VR.
    public func double(_ tag: Tag) -> Double? { self[tag]?.doubles()?.first }
}

extension DataElement {
    /// The text values, decoded with `characterSet` (used only by SH, LO, ST, LT, UC, UT and PN),
    /// trailing padding removed (and leading spaces too, except for LT/ST/UT/UC where they matter).
    public func strings(characterSet: SpecificCharacterSet = .default) -> [String]? {
        guard vr.isString, let bytes else { return nil }
        if bytes.isEmpty { return [] }
        let raw = bytes.withUnsafeBytes { characterSet.decode($0, vr: vr) }
        return raw.map { trimmed($0) }
    }

    private func trimmed(_ value: String) -> String {
        let keepLeading = vr == .LT || vr == .ST || vr == .UT || vr == .UC
        var scalars = Substring(value).unicodeScalars
        while let last = scalars.last, last == " " || last == "\0" { scalars.removeLast() }
        if !keepLeading {
            while let first = scalars.first, first == " " { scalars.removeFirst() }
        }
        return String(scalars)
    }

    /// Integer values of a binary integer VR (US, SS, UL, SL, SV, UV) or of IS/DS text.
    public func integers() -> [Int]? {
        guard let bytes else { return nil }
        switch vr {
        case .US: return bytes.littleEndianValues(UInt16.self).map(Int.init)
        case .SS: return bytes.littleEndianValues(Int16.self).map(Int.init)
        case .UL: return bytes.littleEndianValues(UInt32.self).map(Int.init)
        case .SL: return bytes.littleEndianValues(Int32.self).map(Int.init)
        case .SV: return bytes.littleEndianValues(Int64.self).map(Int.init)
        case .UV: return bytes.littleEndianValues(UInt64.self).map { Int(truncatingIfNeeded: $0) }
        case .IS, .DS: return strings()?.compactMap { Int($0) ?? Double($0).flatMap { $0.isFinite ? Int($0) : nil } }
        default: return nil
        }
    }

    /// Real values of FL, FD, DS or IS, or of any integer VR.
    public func doubles() -> [Double]? {
        guard let bytes else { return nil }
        switch vr {
        case .FL, .OF: return bytes.littleEndianFloats().map(Double.init)
        case .FD, .OD: return bytes.littleEndianDoubles()
        case .DS, .IS: return strings()?.compactMap { Double($0) }
        default: return integers()?.map(Double.init)
        }
    }
}

extension Data {
    /// The bytes read as consecutive little-endian integers (a trailing partial value is ignored).
    func littleEndianValues<T: FixedWidthInteger>(_ type: T.Type) -> [T] {
        withUnsafeBytes { raw in
            let size = MemoryLayout<T>.size
            return (0..<(raw.count / size)).map { T(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * size, as: T.self)) }
        }
    }

    func littleEndianFloats() -> [Float] {
        littleEndianValues(UInt32.self).map { Float(bitPattern: $0) }
    }

    func littleEndianDoubles() -> [Double] {
        littleEndianValues(UInt64.self).map { Double(bitPattern: $0) }
    }
}
