// ISO 2022 code extension techniques for DICOM text (PS3.5 §6.1.2.5, Annexes H, I, J, K).

extension SpecificCharacterSet {
    /// A single-byte character set invoked into G1 (bytes 0xA0...0xFF) (PS3.3 Table C.12-3).
    enum SingleByteSet: Sendable, Equatable {
        case latin1, latin2, latin3, latin4, cyrillic, arabic, greek, hebrew, latin5, thai
        /// JIS X 0201 katakana (ISO-IR 13); its G0 partner is JIS X 0201 romaji (ISO-IR 14).
        case katakana

        /// The 96-character sets designated to G1 with `ESC - F`.
        static let ninetySixSets: [SingleByteSet] = [
            .latin1, .latin2, .latin3, .latin4, .cyrillic, .arabic, .greek, .hebrew, .latin5, .thai,
        ]

        /// The code points of bytes 0x80...0xFF.
        var highHalf: [UInt16] {
            switch self {
            case .latin1: Tables.latin1
            case .latin2: Tables.latin2
            case .latin3: Tables.latin3
            case .latin4: Tables.latin4
            case .cyrillic: Tables.cyrillic
            case .arabic: Tables.arabic
            case .greek: Tables.greek
            case .hebrew: Tables.hebrew
            case .latin5: Tables.latin5
            case .thai: Tables.thai
            case .katakana: Tables.katakana
            }
        }

        /// The escape sequence (after ESC) that designates this set to G1.
        var escape: [UInt8] {
            switch self {
            case .latin1: [0x2D, 0x41]  // - A
            case .latin2: [0x2D, 0x42]
            case .latin3: [0x2D, 0x43]
            case .latin4: [0x2D, 0x44]
            case .greek: [0x2D, 0x46]
            case .arabic: [0x2D, 0x47]
            case .hebrew: [0x2D, 0x48]
            case .cyrillic: [0x2D, 0x4C]
            case .latin5: [0x2D, 0x4D]
            case .thai: [0x2D, 0x54]
            case .katakana: [0x29, 0x49]  // ) I
            }
        }

        /// The byte (0x80...0xFF) encoding `scalar` in this set, if any.
        func byte(for scalar: UInt32) -> UInt8? {
            guard scalar >= 0x80, scalar < 0xFFFD else { return nil }
            guard let index = highHalf.firstIndex(of: UInt16(scalar)) else { return nil }
            return UInt8(0x80 + index)
        }
    }

    /// A 94 x 94 double-byte character set (PS3.3 Table C.12-4).
    enum DoubleByteSet: Sendable, Equatable {
        case jisX0208, jisX0212, ksX1001, gb2312

        var table: [UInt16] {
            switch self {
            case .jisX0208: Tables.jisX0208
            case .jisX0212: Tables.jisX0212
            case .ksX1001: Tables.ksX1001
            case .gb2312: Tables.gb2312
            }
        }

        var inverse: [UInt16: UInt16] {
            switch self {
            case .jisX0208: Tables.jisX0208Inverse
            case .jisX0212: Tables.jisX0212Inverse
            case .ksX1001: Tables.ksX1001Inverse
            case .gb2312: Tables.gb2312Inverse
            }
        }

        /// Whether DICOM invokes the set into G0 (Japanese, bytes 0x21...0x7E) rather than G1 (0xA1...0xFE).
        var isG0: Bool { self == .jisX0208 || self == .jisX0212 }

        /// The escape sequence (after ESC) that designates this set.
        var escape: [UInt8] {
            switch self {
            case .jisX0208: [0x24, 0x42]  // $ B
            case .jisX0212: [0x24, 0x28, 0x44]  // $ ( D
            case .ksX1001: [0x24, 0x29, 0x43]  // $ ) C
            case .gb2312: [0x24, 0x29, 0x41]  // $ ) A
            }
        }

        /// The code point of the character at `row`, `column` (each 0x21...0x7E, high bit ignored); 0xFFFD if none.
        func scalar(_ row: UInt8, _ column: UInt8) -> UInt32 {
            let value = table[(Int(row & 0x7F) - 0x21) * 94 + Int(column & 0x7F) - 0x21]
            return value == 0 ? 0xFFFD : UInt32(value)
        }

        /// The row and column bytes (each 0x21...0x7E) encoding `scalar`, if any.
        func code(for scalar: UInt32) -> (row: UInt8, column: UInt8)? {
            guard scalar >= 0x80, scalar < 0xFFFD, let index = inverse[UInt16(scalar)] else { return nil }
            return (UInt8(0x21 + index / 94), UInt8(0x21 + index % 94))
        }
    }

    /// The sets currently designated to G0 and G1 while reading or writing ISO 2022 text.
    struct ISO2022State: Sendable, Equatable {
        enum G0: Sendable, Equatable { case ascii, jisRoman, double(DoubleByteSet) }
        enum G1: Sendable, Equatable { case none, single(SingleByteSet), double(DoubleByteSet) }
        var g0: G0
        var g1: G1

        /// The escape sequence (ESC included) designating `g0`.
        static func escape(_ g0: G0) -> [UInt8] {
            switch g0 {
            case .ascii: [0x1B, 0x28, 0x42]  // ESC ( B
            case .jisRoman: [0x1B, 0x28, 0x4A]  // ESC ( J
            case .double(let set): [0x1B] + set.escape
            }
        }

        /// Parses the escape sequence starting at `bytes[index]` (an ESC); returns its length, or 0 if unknown.
        mutating func apply(escapeIn bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
            func byte(_ offset: Int) -> UInt8 { index + offset < bytes.count ? bytes[index + offset] : 0 }
            switch (byte(1), byte(2), byte(3)) {
            case (0x28, 0x42, _): g0 = .ascii
            case (0x28, 0x4A, _): g0 = .jisRoman
            case (0x29, 0x49, _): g1 = .single(.katakana)
            case (0x2D, let final, _):
                guard let set = SingleByteSet.ninetySixSets.first(where: { $0.escape[1] == final }) else { return 0 }
                g1 = .single(set)
            case (0x24, 0x42, _), (0x24, 0x40, _): g0 = .double(.jisX0208)
            case (0x24, 0x28, 0x44): g0 = .double(.jisX0212); return 4
            case (0x24, 0x29, 0x43): g1 = .double(.ksX1001); return 4
            case (0x24, 0x29, 0x41): g1 = .double(.gb2312); return 4
            default: return 0
            }
            return 3
        }
    }

    /// A Specific Character Set using ISO 2022 code extensions: its initial state (from value 1) and the
    /// repertoires its values allow, in order.
    struct ISO2022Configuration: Sendable, Equatable {
        var initial: ISO2022State
        var repertoires: [Repertoire]

        /// Decodes `bytes`, splitting values at backslashes read in a single-byte G0 state when `split`.
        ///
        /// Every recognised escape sequence is honoured, even for a set not named in (0008,0005).
        func decode(_ bytes: UnsafeRawBufferPointer, split: Bool, personName: Bool) -> [String] {
            var values: [String] = []
            var utf8: [UInt8] = []
            utf8.reserveCapacity(bytes.count * 2)
            var state = initial
            var index = 0
            let count = bytes.count
            while index < count {
                let byte = bytes[index]
                let next = index + 1 < count ? bytes[index + 1] : 0
                if byte == 0x1B {
                    let length = state.apply(escapeIn: bytes, at: index)
                    if length == 0 { Self.appendUTF8(0xFFFD, to: &utf8) }
                    index += max(length, 1)
                    continue
                }
                if case .double(let set) = state.g0, (0x21...0x7E).contains(byte) {
                    // A double-byte G0 character: a backslash or caret byte here is half of a character.
                    if (0x21...0x7E).contains(next) {
                        Self.appendUTF8(set.scalar(byte, next), to: &utf8)
                        index += 2
                    } else {
                        Self.appendUTF8(0xFFFD, to: &utf8)
                        index += 1
                    }
                    continue
                }
                index += 1
                if byte < 0x80 {
                    switch byte {
                    case 0x5C where split:
                        values.append(String(decoding: utf8, as: UTF8.self))
                        utf8.removeAll(keepingCapacity: true)
                        state = initial
                        continue
                    case 0x09, 0x0A, 0x0C, 0x0D: state = initial
                    case 0x3D where personName, 0x5E where personName: state = initial
                    default: break
                    }
                    utf8.append(byte)
                    continue
                }
                switch state.g1 {
                case .none: Self.appendUTF8(UInt32(byte), to: &utf8)  // nothing designated: Latin-1, like pydicom
                case .single(let set): Self.appendUTF8(UInt32(set.highHalf[Int(byte) - 0x80]), to: &utf8)
                case .double(let set):
                    if (0xA1...0xFE).contains(byte), (0xA1...0xFE).contains(next) {
                        Self.appendUTF8(set.scalar(byte, next), to: &utf8)
                        index += 1
                    } else {
                        Self.appendUTF8(0xFFFD, to: &utf8)
                    }
                }
            }
            values.append(String(decoding: utf8, as: UTF8.self))
            return values
        }

        /// Encodes `text`, switching sets with escape sequences as needed, and returning to the initial state
        /// before each delimiter and at the end; `nil` when a character is in none of the allowed repertoires.
        func encode(_ text: String, personName: Bool) -> [UInt8]? {
            var output: [UInt8] = []
            output.reserveCapacity(text.utf8.count + 8)
            var state = initial
            func restoreInitial() {
                if state.g0 != initial.g0 { output += ISO2022State.escape(initial.g0) }
                if state.g1 != initial.g1, case .single(let set) = initial.g1 { output += [0x1B] + set.escape }
                if state.g1 != initial.g1, case .double(let set) = initial.g1 { output += [0x1B] + set.escape }
                state = initial
            }
            func restoreSingleByteG0() {
                guard case .double = state.g0 else { return }
                output += ISO2022State.escape(initial.g0)
                state.g0 = initial.g0
            }
            for scalar in text.unicodeScalars {
                let value = scalar.value
                if value < 0x80 {
                    switch value {
                    case 0x09, 0x0A, 0x0C, 0x0D, 0x5C: restoreInitial()
                    case 0x3D where personName, 0x5E where personName: restoreInitial()
                    default: restoreSingleByteG0()
                    }
                    output.append(UInt8(value))
                    continue
                }
                // Prefer the sets already designated, then the repertoires in the order (0008,0005) lists them.
                if case .double(let set) = state.g0, let code = set.code(for: value) {
                    output += [code.row, code.column]
                    continue
                }
                // Anything else goes with a single-byte G0 again: readers that convert each escape-delimited
                // run with one converter (dcmtk, pydicom) fail on G1 bytes inside a JIS X 0208 run.
                if case .single(let set) = state.g1, let byte = set.byte(for: value) {
                    restoreSingleByteG0()
                    output.append(byte)
                } else if case .double(let set) = state.g1, let code = set.code(for: value) {
                    restoreSingleByteG0()
                    output += [code.row | 0x80, code.column | 0x80]
                } else if let found = designation(for: value) {
                    if let g0 = found.g0 { state.g0 = g0 } else { restoreSingleByteG0() }
                    if let g1 = found.g1 { state.g1 = g1 }
                    output += found.bytes
                } else {
                    return nil
                }
            }
            if state.g0 != initial.g0 { output += ISO2022State.escape(initial.g0) }
            return output
        }

        /// Finds the first allowed repertoire holding `value`: the set to designate to G0 or G1, and the escape
        /// sequence followed by the character's bytes.
        private func designation(for value: UInt32) -> (g0: ISO2022State.G0?, g1: ISO2022State.G1?, bytes: [UInt8])? {
            for repertoire in repertoires {
                switch repertoire {
                case .single(let set):
                    if let byte = set.byte(for: value) { return (nil, .single(set), [0x1B] + set.escape + [byte]) }
                case .double(let set):
                    guard let code = set.code(for: value) else { continue }
                    if set.isG0 { return (.double(set), nil, [0x1B] + set.escape + [code.row, code.column]) }
                    return (nil, .double(set), [0x1B] + set.escape + [code.row | 0x80, code.column | 0x80])
                case .ascii, .utf8, .gb18030, .gbk:
                    continue
                }
            }
            return nil
        }

        /// Appends the UTF-8 form of the scalar `value` (U+FFFD if it is not a scalar).
        @inline(__always)
        static func appendUTF8(_ value: UInt32, to utf8: inout [UInt8]) {
            switch value {
            case 0..<0x80:
                utf8.append(UInt8(value))
            case 0x80..<0x800:
                utf8 += [UInt8(0xC0 | value >> 6), UInt8(0x80 | value & 0x3F)]
            case 0x800..<0x10000 where !(0xD800...0xDFFF).contains(value):
                utf8 += [UInt8(0xE0 | value >> 12), UInt8(0x80 | value >> 6 & 0x3F), UInt8(0x80 | value & 0x3F)]
            case 0x10000...0x10FFFF:
                utf8 += [
                    UInt8(0xF0 | value >> 18), UInt8(0x80 | value >> 12 & 0x3F), UInt8(0x80 | value >> 6 & 0x3F),
                    UInt8(0x80 | value & 0x3F),
                ]
            default:
                utf8 += [0xEF, 0xBF, 0xBD]
            }
        }
    }
}
