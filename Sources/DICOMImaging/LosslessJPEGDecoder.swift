import DICOM
import Foundation

/// JPEG lossless, non-hierarchical (ITU T.81 Annex H, processes 14 and 14 SV1): Huffman-coded
/// differences from one of seven predictors, 2 to 16 bits, restart intervals, any number of scans.
/// Written in Swift because Debian 12's libjpeg-turbo 2.1 has no lossless decoder.
enum LosslessJPEGDecoder {
    /// The sample precision of the first frame header (SOFn) of a JPEG stream, nil when there is none.
    static func framePrecision(_ data: Data) -> Int? {
        let bytes = [UInt8](data.prefix(65_536))
        var position = 2
        while position + 4 < bytes.count {
            guard bytes[position] == 0xFF else { position += 1; continue }
            let marker = bytes[position + 1]
            if marker == 0xFF { position += 1; continue }
            if (0xC0...0xCF).contains(marker), ![0xC4, 0xC8, 0xCC].contains(marker) {
                return Int(bytes[position + 4])
            }
            if marker == 0xD8 || (0xD0...0xD7).contains(marker) || marker == 0x01 { position += 2; continue }
            position += 2 + (Int(bytes[position + 2]) << 8 | Int(bytes[position + 3]))
        }
        return nil
    }

    /// Decodes one frame.
    static func decode(_ frame: Data, description d: PixelDescription) throws -> DecodedFrame {
        var parser = Parser(bytes: [UInt8](frame))
        let planes = try parser.run()
        guard parser.width == d.columns, parser.height == d.rows, planes.count == d.samplesPerPixel else {
            throw ImagingError(.corruptPixelData,
                               "the lossless JPEG holds \(parser.width)×\(parser.height)×\(planes.count) samples; the data set says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)",
                               tag: .pixelData)
        }
        let values = planes.count == 1 ? planes[0] : planes.flatMap { $0 }
        return try CodecBridge.frame(values: values, isPlanar: planes.count > 1, description: d,
                                     interpretation: d.photometricInterpretation, correction: .unusedBits(d))
    }

    static func failure(_ reason: String) -> ImagingError {
        ImagingError(.corruptPixelData, "lossless JPEG: \(reason)", tag: .pixelData)
    }

    /// Walks the markers of one image and decodes its scans into one plane per component.
    struct Parser {
        let bytes: [UInt8]
        var position = 0
        var width = 0, height = 0, precision = 0
        var componentIDs: [Int] = []
        var tables: [Int: HuffmanTable] = [:]
        var restartInterval = 0
        var planes: [[Int]] = []

        init(bytes: [UInt8]) { self.bytes = bytes }

        mutating func run() throws -> [[Int]] {
            guard bytes.count >= 4, bytes[0] == 0xFF, bytes[1] == 0xD8 else { throw failure("no start-of-image marker") }
            position = 2
            while position + 1 < bytes.count {
                guard bytes[position] == 0xFF else { position += 1; continue }
                let marker = bytes[position + 1]
                position += 2
                switch marker {
                case 0xFF: position -= 1
                case 0xD9: return try finished()
                case 0xD0...0xD7, 0x01: continue
                default:
                    let segment = try self.segment()
                    switch marker {
                    case 0xC3: try frameHeader(segment)
                    case 0xC0...0xCF where ![0xC4, 0xC8, 0xCC].contains(marker):
                        throw ImagingError(.unsupported, String(format: "JPEG process with SOF marker FF%02X is not lossless", marker),
                                           tag: .pixelData)
                    case 0xC4: try huffmanTables(segment)
                    case 0xDD: restartInterval = segment.count >= 2 ? Int(segment[0]) << 8 | Int(segment[1]) : 0
                    case 0xDA: try scan(segment)
                    default: break
                    }
                }
            }
            return try finished()
        }

        func finished() throws -> [[Int]] {
            guard !planes.isEmpty else { throw failure("no frame header or scan") }
            return planes
        }

        mutating func segment() throws -> [UInt8] {
            guard position + 2 <= bytes.count else { throw failure("truncated marker segment") }
            let length = Int(bytes[position]) << 8 | Int(bytes[position + 1])
            guard length >= 2, position + length <= bytes.count else { throw failure("marker segment overruns the data") }
            defer { position += length }
            return Array(bytes[(position + 2)..<(position + length)])
        }

        mutating func frameHeader(_ s: [UInt8]) throws {
            guard s.count >= 6 else { throw failure("short frame header") }
            precision = Int(s[0])
            height = Int(s[1]) << 8 | Int(s[2])
            width = Int(s[3]) << 8 | Int(s[4])
            let count = Int(s[5])
            guard (2...16).contains(precision), width > 0, height > 0, count > 0, s.count >= 6 + 3 * count else {
                throw failure("frame header \(width)×\(height), precision \(precision), \(count) components")
            }
            for c in 0..<count {
                guard s[7 + 3 * c] == 0x11 else {
                    throw ImagingError(.unsupported, "lossless JPEG with subsampled components is not supported", tag: .pixelData)
                }
                componentIDs.append(Int(s[6 + 3 * c]))
            }
            planes = Array(repeating: [Int](repeating: 0, count: width * height), count: count)
        }

        mutating func huffmanTables(_ s: [UInt8]) throws {
            var i = 0
            while i + 17 <= s.count {
                let id = Int(s[i])
                let counts = (0..<16).map { Int(s[i + 1 + $0]) }
                let total = counts.reduce(0, +)
                guard i + 17 + total <= s.count else { throw failure("truncated Huffman table") }
                tables[id] = HuffmanTable(counts: counts, values: Array(s[(i + 17)..<(i + 17 + total)]))
                i += 17 + total
            }
        }

        mutating func scan(_ s: [UInt8]) throws {
            guard !planes.isEmpty, s.count >= 1 else { throw failure("scan before the frame header") }
            let count = Int(s[0])
            guard count >= 1, s.count >= 1 + 2 * count + 3 else { throw failure("short scan header") }
            var members: [(plane: Int, table: HuffmanTable)] = []
            for k in 0..<count {
                guard let plane = componentIDs.firstIndex(of: Int(s[1 + 2 * k])),
                      let table = tables[Int(s[2 + 2 * k]) >> 4] else { throw failure("scan names an unknown component or table") }
                members.append((plane, table))
            }
            let predictor = Int(s[1 + 2 * count])
            let transform = Int(s[3 + 2 * count]) & 0x0F
            guard (1...7).contains(predictor), transform < precision else {
                throw failure("predictor \(predictor), point transform \(transform)")
            }
            var reader = BitReader(bytes: bytes, position: position)
            let initial = 1 << (precision - transform - 1)
            let (width, height) = (self.width, self.height)
            var mcu = 0, firstRow = 0, reset = true
            for y in 0..<height {
                for x in 0..<width {
                    if restartInterval > 0, mcu > 0, mcu % restartInterval == 0 {
                        reader.restart()
                        firstRow = y
                        reset = true
                    }
                    let here = y * width + x
                    for member in members {
                        let difference = try Self.difference(&reader, member.table)
                        try planes[member.plane].withUnsafeMutableBufferPointer { plane in
                            let prediction: Int
                            if reset {
                                prediction = initial
                            } else if y == firstRow {
                                prediction = plane[here - 1]
                            } else if x == 0 {
                                prediction = plane[here - width]
                            } else {
                                prediction = try Self.predict(predictor, a: plane[here - 1], b: plane[here - width],
                                                              c: plane[here - width - 1])
                            }
                            plane[here] = (prediction + difference) & 0xFFFF
                        }
                    }
                    reset = false
                    mcu += 1
                }
            }
            if transform > 0 {
                for member in members { planes[member.plane] = planes[member.plane].map { $0 << transform } }
            }
            position = reader.position
        }

        /// One Huffman-coded difference (T.81 H.1.2.2; category 16 is 32768 with no extra bits).
        @inline(__always) static func difference(_ reader: inout BitReader, _ table: HuffmanTable) throws -> Int {
            let category = try reader.symbol(table)
            switch category {
            case 0: return 0
            case 16: return 32_768
            case 1...15:
                let bits = reader.bits(category)
                return bits < 1 << (category - 1) ? bits + 1 - (1 << category) : bits
            default: throw failure("difference category \(category)")
            }
        }

        /// Predictors 1–7 of T.81 Table H.1 from the left (a), upper (b) and upper-left (c) samples.
        @inline(__always) static func predict(_ predictor: Int, a: Int, b: Int, c: Int) throws -> Int {
            switch predictor {
            case 1: return a
            case 2: return b
            case 3: return c
            case 4: return a + b - c
            case 5: return a + ((b - c) >> 1)
            case 6: return b + ((a - c) >> 1)
            case 7: return (a + b) >> 1
            default: throw failure("predictor \(predictor)")
            }
        }
    }
}
