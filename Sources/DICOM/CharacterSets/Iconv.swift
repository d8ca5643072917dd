#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// One iconv conversion descriptor. iconv descriptors carry conversion state and are not thread-safe,
/// so a converter is created, used and dropped by one caller (never shared between tasks).
final class IconvConverter {
    private let descriptor: iconv_t

    /// Opens a converter from the iconv encoding `from` to `to`; `nil` when iconv does not know them.
    init?(from: String, to: String) {
        guard let descriptor = iconv_open(to, from), descriptor != iconv_t(bitPattern: -1) else { return nil }
        self.descriptor = descriptor
    }

    deinit { _ = iconv_close(descriptor) }

    /// Converts all of `input`, appending the result to `output`.
    ///
    /// An invalid or truncated input sequence appends `replacement` and skips one byte (or the truncated
    /// tail); when `replacement` is `nil` the conversion stops there and returns `false`.
    func convert(_ input: UnsafeRawBufferPointer, into output: inout [UInt8], replacement: [UInt8]?) -> Bool {
        _ = iconv(descriptor, nil, nil, nil, nil)  // back to the initial shift state
        guard let base = input.baseAddress, !input.isEmpty else { return true }
        var inPointer: UnsafeMutablePointer<CChar>? =
            UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: CChar.self))  // iconv only reads it
        var inLeft = input.count
        var room = inLeft * 3 + 16
        while inLeft > 0 {
            let start = output.count
            output.append(contentsOf: repeatElement(0, count: room))
            var outLeft = room
            var error: Int32 = 0
            let result = output.withUnsafeMutableBytes { buffer -> Int in
                var outPointer: UnsafeMutablePointer<CChar>? =
                    (buffer.baseAddress! + start).assumingMemoryBound(to: CChar.self)
                let r = iconv(descriptor, &inPointer, &inLeft, &outPointer, &outLeft)
                if r == -1 { error = errno }
                return r
            }
            output.removeLast(outLeft)
            guard result == -1 else { continue }  // (the targets used here are stateless: nothing to flush)
            switch error {
            case E2BIG:
                room = max(room * 2, 64)
            case EILSEQ, EINVAL:
                guard let replacement else { return false }
                output.append(contentsOf: replacement)
                if error == EINVAL {
                    inLeft = 0  // truncated sequence at the end
                } else {
                    inPointer = inPointer.map { $0 + 1 }
                    inLeft -= 1
                }
            default:
                return false
            }
        }
        return true
    }

    /// Converts `bytes` to one Unicode scalar value; `nil` when they are not exactly one valid character.
    /// Used to build lookup tables; the converter must produce UTF-32LE.
    func scalar(of bytes: [UInt8]) -> UInt32? {
        var output: [UInt8] = []
        let ok = bytes.withUnsafeBytes { convert($0, into: &output, replacement: nil) }
        guard ok, output.count == 4 else { return nil }
        return UInt32(output[0]) | UInt32(output[1]) << 8 | UInt32(output[2]) << 16 | UInt32(output[3]) << 24
    }
}

extension SpecificCharacterSet {
    /// Decodes GB18030 or GBK with iconv, splitting only at backslashes that are not a trail byte.
    static func decodeGB(_ bytes: UnsafeRawBufferPointer, split: Bool, iconvName: String, fourByte: Bool) -> [String] {
        guard let converter = IconvConverter(from: iconvName, to: "UTF-8") else {
            return decodeSingleByte(bytes, split: split, highHalf: nil)
        }
        var values: [String] = []
        var utf8: [UInt8] = []
        func finish(_ range: Range<Int>) {
            utf8.removeAll(keepingCapacity: true)
            let part = UnsafeRawBufferPointer(rebasing: bytes[range])
            _ = converter.convert(part, into: &utf8, replacement: [0xEF, 0xBF, 0xBD])  // U+FFFD
            values.append(String(decoding: utf8, as: UTF8.self))
        }
        var start = 0
        var index = 0
        let count = bytes.count
        while index < count {
            let byte = bytes[index]
            let next = index + 1 < count ? bytes[index + 1] : 0
            if byte == 0x5C, split {
                finish(start..<index)
                start = index + 1
            }
            if (0x81...0xFE).contains(byte), fourByte, (0x30...0x39).contains(next), index + 3 < count,
                (0x81...0xFE).contains(bytes[index + 2]), (0x30...0x39).contains(bytes[index + 3]) {
                index += 4  // four-byte GB18030: lead, digit, lead, digit
            } else if (0x81...0xFE).contains(byte), (0x40...0xFE).contains(next), next != 0x7F {
                index += 2  // lead and trail byte; the trail may be 0x5C
            } else {
                index += 1
            }
        }
        finish(start..<count)
        return values
    }

    /// Lookup tables built once (lazily, thread-safely, as Swift globals are) from iconv, so that decoding
    /// single-byte and ISO 2022 double-byte text needs no iconv call at all.
    enum Tables {
        /// The code points of bytes 0x80...0xFF in a single-byte iconv encoding; 0xFFFD where undefined.
        static func highHalf(iconvName: String) -> [UInt16] {
            guard let converter = IconvConverter(from: iconvName, to: "UTF-32LE") else {
                return [UInt16](repeating: 0xFFFD, count: 128)
            }
            return (0x80...0xFF).map { byte in
                guard let scalar = converter.scalar(of: [UInt8(byte)]), scalar <= 0xFFFF else { return 0xFFFD }
                return UInt16(scalar)
            }
        }

        /// The code points of a 94 x 94 set, indexed by `(row - 0x21) * 94 + (column - 0x21)`; 0 where undefined.
        /// Each code is converted as `prefix + [row | 0x80, column | 0x80]` in the EUC encoding `iconvName`.
        static func doubleByte(iconvName: String, prefix: [UInt8] = []) -> [UInt16] {
            var table = [UInt16](repeating: 0, count: 94 * 94)
            guard let converter = IconvConverter(from: iconvName, to: "UTF-32LE") else { return table }
            for row in 0..<94 {
                for column in 0..<94 {
                    let code = prefix + [UInt8(0xA1 + row), UInt8(0xA1 + column)]
                    if let scalar = converter.scalar(of: code), scalar <= 0xFFFF, scalar != 0 {
                        table[row * 94 + column] = UInt16(scalar)
                    }
                }
            }
            return table
        }

        /// Inverts a double-byte table: code point to index (the first index wins).
        static func inverse(_ table: [UInt16]) -> [UInt16: UInt16] {
            var inverse: [UInt16: UInt16] = [:]
            inverse.reserveCapacity(table.count)
            for (index, scalar) in table.enumerated() where scalar != 0 && inverse[scalar] == nil {
                inverse[scalar] = UInt16(index)
            }
            return inverse
        }

        static let latin1 = highHalf(iconvName: "ISO-8859-1")
        static let latin2 = highHalf(iconvName: "ISO-8859-2")
        static let latin3 = highHalf(iconvName: "ISO-8859-3")
        static let latin4 = highHalf(iconvName: "ISO-8859-4")
        static let cyrillic = highHalf(iconvName: "ISO-8859-5")
        static let arabic = highHalf(iconvName: "ISO-8859-6")
        static let greek = highHalf(iconvName: "ISO-8859-7")
        static let hebrew = highHalf(iconvName: "ISO-8859-8")
        static let latin5 = highHalf(iconvName: "ISO-8859-9")
        static let thai = highHalf(iconvName: "ISO-8859-11")
        /// JIS X 0201 katakana: 0xA1...0xDF are U+FF61...U+FF9F; the rest of the high half is undefined.
        static let katakana: [UInt16] = (0x80...0xFF).map {
            (0xA1...0xDF).contains($0) ? UInt16(0xFF61 + $0 - 0xA1) : 0xFFFD
        }

        static let jisX0208 = doubleByte(iconvName: "EUC-JP")
        static let jisX0212 = doubleByte(iconvName: "EUC-JP", prefix: [0x8F])
        static let ksX1001 = doubleByte(iconvName: "EUC-KR")
        static let gb2312 = doubleByte(iconvName: "EUC-CN")
        static let jisX0208Inverse = inverse(jisX0208)
        static let jisX0212Inverse = inverse(jisX0212)
        static let ksX1001Inverse = inverse(ksX1001)
        static let gb2312Inverse = inverse(gb2312)
    }
}
