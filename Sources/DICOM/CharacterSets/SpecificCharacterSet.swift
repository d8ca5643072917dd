/// The character repertoires a data set's text is encoded in.
///
/// Built from the values of Specific Character Set (0008,0005) (PS3.5 §6.1, PS3.3 C.12.1.1.2). Text of
/// the VRs SH, LO, ST, LT, UC, UT and PN is decoded with it; other text VRs are ASCII (decoded as Latin-1
/// so no byte is lost). Values are safe to share between tasks; no method has side effects.
public struct SpecificCharacterSet: Sendable, Equatable {
    /// A character repertoire named by one defined term of Specific Character Set (PS3.3 Tables C.12-2...C.12-5).
    enum Repertoire: Sendable, Equatable {
        /// ISO-IR 6, ASCII (the default repertoire).
        case ascii
        /// ASCII (or JIS X 0201 romaji for ISO-IR 13) in G0 and a single-byte set in G1.
        case single(SingleByteSet)
        /// A 94 x 94 set, reachable only with ISO 2022 escape sequences (or, in G1, as EUC).
        case double(DoubleByteSet)
        /// ISO_IR 192, GB18030, GBK: stand-alone encodings without code extensions.
        case utf8, gb18030, gbk
    }

    /// How text is decoded and encoded.
    enum Kind: Sendable, Equatable {
        /// ASCII; bytes above 0x7F decode as Latin-1, like pydicom's fallback.
        case ascii
        /// ASCII in G0 and one single-byte set in G1, without escape sequences (e.g. `ISO_IR 100`).
        case single(SingleByteSet)
        case utf8, gb18030, gbk
        /// Code extensions (`ISO 2022 IR ...`, or several values).
        case iso2022(ISO2022Configuration)
    }

    /// The default repertoire, ISO_IR 6 (ASCII).
    public static let `default` = SpecificCharacterSet(terms: [])

    /// The normalised defined terms (e.g. `ISO_IR 100`, `ISO 2022 IR 87`); an empty first value stays `""`
    /// when further values follow. Empty for the default repertoire. Unknown terms are left out (an unknown
    /// first value becomes `""`, the default repertoire).
    public let terms: [String]

    /// The terms that name no known character set, as given (trimmed); callers should warn about them.
    public let unknownTerms: [String]

    let kind: Kind

    /// Whether text is UTF-8 (`ISO_IR 192`).
    public var isUTF8: Bool { kind == .utf8 }

    /// Interprets the raw values of (0008,0005).
    ///
    /// Values are trimmed; an empty (or missing) first value means the default repertoire. Common
    /// misspellings are accepted, e.g. `ISO-IR 100`, `ISO_IR100`, `iso_ir 100`, `ISO 2022 IR100`,
    /// `ISO2022IR87`. When value 1 is a stand-alone encoding (`ISO_IR 192`, `GB18030`, `GBK`) further values
    /// are ignored; a stand-alone encoding after value 1 is ignored too (PS3.5 §6.1.2.5.4).
    public init(terms rawTerms: [String]) {
        var terms: [String] = []
        var unknown: [String] = []
        var repertoires: [Repertoire] = []
        var usesExtensions = false
        for (position, raw) in rawTerms.enumerated() {
            let trimmed = Self.trimmed(raw)
            if trimmed.isEmpty {
                if position == 0 {
                    terms.append("")
                    repertoires.append(.ascii)
                }
                continue
            }
            guard let parsed = Self.parse(trimmed) else {
                unknown.append(trimmed)
                if position == 0 {
                    terms.append("")
                    repertoires.append(.ascii)
                }
                continue
            }
            terms.append(parsed.term)
            repertoires.append(parsed.repertoire)
            usesExtensions = usesExtensions || parsed.extensions
        }
        unknownTerms = unknown
        if terms.count == 1, terms[0] == "" || terms[0] == "ISO_IR 6" { terms = [] }
        self.terms = terms

        let first = repertoires.first ?? .ascii
        switch first {
        case .utf8: kind = .utf8
        case .gb18030: kind = .gb18030
        case .gbk: kind = .gbk
        default:
            let allowed = repertoires.filter { ![.utf8, .gb18030, .gbk].contains($0) }
            if allowed.count <= 1, !usesExtensions {
                if case .single(let set) = first { kind = .single(set) } else { kind = .ascii }
            } else {
                kind = .iso2022(ISO2022Configuration(initial: Self.initialState(first), repertoires: allowed))
            }
        }
    }

    /// The state value 1 of (0008,0005) puts the G0 and G1 elements in (PS3.5 §6.1.2.5.1).
    private static func initialState(_ repertoire: Repertoire) -> ISO2022State {
        switch repertoire {
        case .single(.katakana): ISO2022State(g0: .jisRoman, g1: .single(.katakana))
        case .single(let set): ISO2022State(g0: .ascii, g1: .single(set))
        case .double(let set) where !set.isG0: ISO2022State(g0: .ascii, g1: .double(set))  // EUC-like
        default: ISO2022State(g0: .ascii, g1: .none)
        }
    }

    /// Maps one trimmed term to its defined spelling, repertoire, and whether it is an ISO 2022 form.
    static func parse(_ term: String) -> (term: String, repertoire: Repertoire, extensions: Bool)? {
        let compact = String(term.uppercased().unicodeScalars.filter { !" _-\t".unicodeScalars.contains($0) })
        switch compact {
        case "GB18030": return ("GB18030", .gb18030, false)
        case "GBK", "ISO2022GBK": return ("GBK", .gbk, false)
        case "ISO202258": return ("ISO 2022 IR 58", .double(.gb2312), true)
        case "UTF8": return ("ISO_IR 192", .utf8, false)
        default: break
        }
        let extensions: Bool
        let number: Int
        if compact.hasPrefix("ISO2022IR"), let value = Int(compact.dropFirst(9)) {
            (extensions, number) = (true, value)
        } else if compact.hasPrefix("ISOIR"), let value = Int(compact.dropFirst(5)) {
            (extensions, number) = (false, value)
        } else {
            return nil
        }
        let repertoire: Repertoire
        switch number {
        case 6: repertoire = .ascii
        case 13: repertoire = .single(.katakana)
        case 100: repertoire = .single(.latin1)
        case 101: repertoire = .single(.latin2)
        case 109: repertoire = .single(.latin3)
        case 110: repertoire = .single(.latin4)
        case 126: repertoire = .single(.greek)
        case 127: repertoire = .single(.arabic)
        case 138: repertoire = .single(.hebrew)
        case 144: repertoire = .single(.cyrillic)
        case 148: repertoire = .single(.latin5)
        case 166: repertoire = .single(.thai)
        case 87: repertoire = .double(.jisX0208)
        case 159: repertoire = .double(.jisX0212)
        case 149: repertoire = .double(.ksX1001)
        case 58: repertoire = .double(.gb2312)
        case 192: return ("ISO_IR 192", .utf8, false)
        default: return nil
        }
        // Double-byte sets exist only as ISO 2022 forms (`ISO_IR 149` is a common misspelling).
        if case .double = repertoire { return ("ISO 2022 IR \(number)", repertoire, true) }
        return extensions ? ("ISO 2022 IR \(number)", repertoire, true) : ("ISO_IR \(number)", repertoire, false)
    }

    /// Decodes a whole element value and splits it into its values at backslashes (only for VRs that are
    /// multi-valued; LT, ST, UT and UR are single-valued), without trimming padding.
    ///
    /// Only SH, LO, ST, LT, UC, UT and PN use the character set; other VRs decode as ASCII (Latin-1 above
    /// 0x7F). With ISO 2022 code extensions the initial state returns at each value delimiter, CR, LF, FF
    /// and TAB, and for PN at `=` and `^`. A backslash byte inside a multi-byte character (GB18030, GBK,
    /// JIS X 0208/0212) does not split. Invalid bytes decode to U+FFFD. An empty value gives `[]`.
    public func decode(_ bytes: UnsafeRawBufferPointer, vr: VR) -> [String] {
        guard !bytes.isEmpty else { return [] }
        let split = !vr.isSingleValuedText
        if Self.isPlainASCII(bytes) {
            return Self.splitValues(bytes, split: split) { String(decoding: $0, as: UTF8.self) }
        }
        guard vr.usesSpecificCharacterSet else { return Self.decodeSingleByte(bytes, split: split, highHalf: nil) }
        switch kind {
        case .ascii: return Self.decodeSingleByte(bytes, split: split, highHalf: nil)
        case .single(let set): return Self.decodeSingleByte(bytes, split: split, highHalf: set.highHalf)
        case .utf8: return Self.splitValues(bytes, split: split) { String(decoding: $0, as: UTF8.self) }
        case .gb18030: return Self.decodeGB(bytes, split: split, iconvName: "GB18030", fourByte: true)
        case .gbk: return Self.decodeGB(bytes, split: split, iconvName: "GBK", fourByte: false)
        case .iso2022(let configuration):
            return configuration.decode(bytes, split: split, personName: vr == .PN)
        }
    }

    /// Decodes a whole element value and splits it into its values, like the `UnsafeRawBufferPointer` overload.
    public func decode(_ bytes: [UInt8], vr: VR) -> [String] {
        bytes.withUnsafeBytes { decode($0, vr: vr) }
    }

    /// Encodes values (joined with backslashes) in this character set; `nil` if a character cannot be encoded.
    ///
    /// With ISO 2022 code extensions, characters outside the initial repertoire are written with escape
    /// sequences to the first allowed repertoire holding them, and the initial state is restored before each
    /// delimiter and at the end. VRs that do not use the character set, and the default repertoire, accept
    /// ASCII only. No padding is added.
    public func encode(_ values: [String], vr: VR) -> [UInt8]? {
        let text = values.joined(separator: "\\")
        if text.utf8.allSatisfy({ $0 < 0x80 }) { return Array(text.utf8) }
        guard vr.usesSpecificCharacterSet else { return nil }
        switch kind {
        case .ascii: return nil
        case .utf8: return Array(text.utf8)
        case .single(let set):
            var output: [UInt8] = []
            output.reserveCapacity(text.utf8.count)
            for scalar in text.unicodeScalars {
                if scalar.isASCII {
                    output.append(UInt8(scalar.value))
                } else {
                    guard let byte = set.byte(for: scalar.value) else { return nil }
                    output.append(byte)
                }
            }
            return output
        case .gb18030, .gbk:
            let name = kind == .gbk ? "GBK" : "GB18030"
            guard let converter = IconvConverter(from: "UTF-8", to: name) else { return nil }
            var output: [UInt8] = []
            var utf8 = text
            let ok = utf8.withUTF8 { converter.convert(UnsafeRawBufferPointer($0), into: &output, replacement: nil) }
            return ok ? output : nil
        case .iso2022(let configuration):
            return configuration.encode(text, personName: vr == .PN)
        }
    }
}

extension SpecificCharacterSet {
    /// Whether `bytes` hold neither bytes above 0x7F nor ESC: then every character set reads them as ASCII.
    static func isPlainASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        var index = 0
        while index + 8 <= bytes.count {  // eight bytes at a time
            let word = bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self)
            let escapes = word ^ 0x1B1B_1B1B_1B1B_1B1B  // a zero byte where ESC was
            if (word | (escapes &- 0x0101_0101_0101_0101) & ~escapes) & 0x8080_8080_8080_8080 != 0 { return false }
            index += 8
        }
        while index < bytes.count {
            if bytes[index] >= 0x80 || bytes[index] == 0x1B { return false }
            index += 1
        }
        return true
    }

    /// Splits raw bytes at every backslash (when `split`) and makes a string of each part.
    static func splitValues(
        _ bytes: UnsafeRawBufferPointer, split: Bool, _ makeString: (UnsafeRawBufferPointer) -> String
    ) -> [String] {
        guard split else { return [makeString(bytes)] }
        var values: [String] = []
        var start = 0
        while let end = bytes[start...].firstIndex(of: 0x5C) {
            values.append(makeString(UnsafeRawBufferPointer(rebasing: bytes[start..<end])))
            start = end + 1
        }
        values.append(makeString(UnsafeRawBufferPointer(rebasing: bytes[start...])))
        return values
    }

    /// Decodes ASCII plus a single-byte high half (`nil`: Latin-1), allocating only the resulting strings.
    static func decodeSingleByte(_ bytes: UnsafeRawBufferPointer, split: Bool, highHalf: [UInt16]?) -> [String] {
        guard let highHalf else { return splitValues(bytes, split: split) { string($0) { UInt16($0) } } }
        return highHalf.withUnsafeBufferPointer { table in
            splitValues(bytes, split: split) { string($0) { table[Int($0) - 0x80] } }
        }
    }

    /// Decodes single-byte text: ASCII below 0x80, `high` (a BMP code point) for the other bytes.
    @inline(__always)
    private static func string(_ part: UnsafeRawBufferPointer, high: (UInt8) -> UInt16) -> String {
        var extra = 0  // UTF-8 bytes beyond one per input byte
        for byte in part where byte >= 0x80 { extra += high(byte) < 0x800 ? 1 : 2 }
        if extra == 0 { return String(decoding: part, as: UTF8.self) }
        return String(unsafeUninitializedCapacity: part.count + extra) { utf8 in
            var count = 0
            for byte in part {
                if byte < 0x80 {
                    utf8[count] = byte
                    count += 1
                    continue
                }
                let scalar = high(byte)
                if scalar < 0x800 {
                    utf8[count] = UInt8(0xC0 | scalar >> 6)
                    utf8[count + 1] = UInt8(0x80 | scalar & 0x3F)
                    count += 2
                } else {
                    utf8[count] = UInt8(0xE0 | scalar >> 12)
                    utf8[count + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
                    utf8[count + 2] = UInt8(0x80 | scalar & 0x3F)
                    count += 3
                }
            }
            return count
        }
    }

    /// The term without surrounding spaces, NULs and other whitespace.
    static func trimmed(_ term: String) -> String {
        let isPadding: (Character) -> Bool = { $0 == "\0" || $0.isWhitespace }
        guard let first = term.firstIndex(where: { !isPadding($0) }) else { return "" }
        let last = term.lastIndex(where: { !isPadding($0) })!
        return String(term[first...last])
    }
}
