/// The entropy-coding layer of the lossless JPEG decoder: Huffman tables and the bit reader.
extension LosslessJPEGDecoder {
    /// A Huffman table as canonical codes per length, with an 8-bit lookahead for short codes.
    struct HuffmanTable {
        var maxCode = [Int](repeating: -1, count: 18)
        var valueOffset = [Int](repeating: 0, count: 17)
        var values: [UInt8] = []
        /// For each 8-bit prefix: code length (0 when longer than 8) << 8 | value.
        var fast = [Int](repeating: 0, count: 256)

        init(counts: [Int], values: [UInt8]) {
            self.values = values
            var code = 0, index = 0
            for length in 1...16 {
                valueOffset[length] = index - code
                if counts[length - 1] > 0 {
                    for _ in 0..<counts[length - 1] {
                        if length <= 8 {
                            let first = code << (8 - length)
                            for prefix in first..<(first + (1 << (8 - length))) { fast[prefix] = length << 8 | Int(values[index]) }
                        }
                        code += 1
                        index += 1
                    }
                    maxCode[length] = code - 1
                }
                code <<= 1
            }
            maxCode[17] = Int.max
        }
    }

    /// Bits of entropy-coded data, with 0xFF00 unstuffed; zeros are fed once a marker is reached.
    struct BitReader {
        let bytes: [UInt8]
        var position: Int
        var buffer: UInt64 = 0
        var count = 0
        var atMarker = false

        mutating func fill() {
            while count <= 56 {
                var byte: UInt8 = 0
                if !atMarker, position < bytes.count {
                    byte = bytes[position]
                    if byte == 0xFF {
                        let next = position + 1 < bytes.count ? bytes[position + 1] : 0xD9
                        if next == 0x00 { position += 2 } else { atMarker = true; byte = 0 }
                    } else {
                        position += 1
                    }
                }
                buffer |= UInt64(byte) << UInt64(56 - count)
                count += 8
            }
        }

        mutating func bits(_ n: Int) -> Int {
            if n == 0 { return 0 }
            if count < n { fill() }
            let value = Int(buffer >> UInt64(64 - n))
            buffer <<= UInt64(n)
            count -= n
            return value
        }

        mutating func symbol(_ table: HuffmanTable) throws -> Int {
            if count < 16 { fill() }
            let entry = table.fast[Int(buffer >> 56)]
            if entry != 0 {
                let length = entry >> 8
                buffer <<= UInt64(length)
                count -= length
                return entry & 0xFF
            }
            var code = 0
            for length in 1...16 {
                code = code << 1 | bits(1)
                if code <= table.maxCode[length] { return Int(table.values[code + table.valueOffset[length]]) }
            }
            throw LosslessJPEGDecoder.failure("invalid Huffman code")
        }

        /// Skips to just after the next RSTn marker.
        mutating func restart() {
            buffer = 0
            count = 0
            atMarker = false
            while position + 1 < bytes.count {
                if bytes[position] == 0xFF, (0xD0...0xD7).contains(bytes[position + 1]) { position += 2; return }
                position += 1
            }
        }
    }
}
