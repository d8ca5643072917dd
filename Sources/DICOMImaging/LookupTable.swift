import DICOM
import Foundation

/// A lookup table of PS3.3 C.11 (modality, VOI) or C.7.9 (palette): input values from `firstMapped`
/// index `entries`; inputs below clamp to the first entry, inputs above to the last.
public struct LookupTable: Sendable, Equatable {
    /// The input value of the first entry.
    public var firstMapped: Int
    /// Bits per entry (8 to 16), from the descriptor or, for palettes, from the data length.
    public var bitsPerEntry: Int
    /// The table's output values.
    public var entries: [Int]

    /// Creates a table.
    public init(firstMapped: Int, bitsPerEntry: Int, entries: [Int]) {
        self.firstMapped = firstMapped
        self.bitsPerEntry = bitsPerEntry
        self.entries = entries
    }

    /// The output for input `value`.
    @inline(__always) public func callAsFunction(_ value: Int) -> Int {
        let index = value - firstMapped
        if index <= 0 { return entries[0] }
        return index >= entries.count ? entries[entries.count - 1] : entries[index]
    }

    /// The largest value an entry can hold.
    public var maximumOutput: Int { (1 << bitsPerEntry) - 1 }

    /// Reads an item of the Modality or VOI LUT Sequence: (0028,3002) LUT Descriptor (entries, 0 meaning
    /// 65,536; first mapped value; bits per entry) and (0028,3006) LUT Data (US or OW, 16 bits per entry).
    init(lutItem item: DataSet, name: String) throws {
        let descriptor = try Self.descriptor(item, ImagingTag.lutDescriptor, name: name)
        guard let data = item[ImagingTag.lutData]?.bytes, !data.isEmpty else {
            throw ImagingError(.missingAttribute, "\(name) has no LUT Data", tag: ImagingTag.lutData)
        }
        let wide = data.count >= descriptor.count * 2 || descriptor.bits > 8
        var entries = wide ? Self.words(data) : [UInt8](data).map(Int.init)
        guard entries.count >= descriptor.count else {
            throw ImagingError(.invalidAttribute, "\(name) LUT Data holds \(entries.count) entries; its descriptor says \(descriptor.count)",
                               tag: ImagingTag.lutData)
        }
        entries.removeLast(entries.count - descriptor.count)
        self.init(firstMapped: descriptor.first, bitsPerEntry: descriptor.bits, entries: entries)
    }

    /// Reads one palette colour table: descriptor plus data or segmented data. The real entry width is
    /// inferred from the data length (8-bit tables are found under a 16-bit descriptor), as pydicom does.
    init(paletteDescriptor: Tag, data: Tag, segmented: Tag, in dataSet: DataSet, name: String) throws {
        let descriptor = try Self.descriptor(dataSet, paletteDescriptor, name: name)
        if let bytes = dataSet[data]?.bytes, !bytes.isEmpty {
            let bits = bytes.count == descriptor.count ? 8 : 16
            var entries = bits == 8 ? [UInt8](bytes).map(Int.init) : Self.words(bytes)
            guard entries.count >= descriptor.count else {
                throw ImagingError(.invalidAttribute, "\(name) holds \(entries.count) entries; its descriptor says \(descriptor.count)",
                                   tag: data)
            }
            entries.removeLast(entries.count - descriptor.count)
            self.init(firstMapped: descriptor.first, bitsPerEntry: bits, entries: entries)
        } else if let bytes = dataSet[segmented]?.bytes, !bytes.isEmpty {
            let words = descriptor.bits == 8 ? [UInt8](bytes).map(Int.init) : Self.words(bytes)
            let entries = try Self.expandSegments(words, bits: descriptor.bits)
            guard !entries.isEmpty else {
                throw ImagingError(.invalidAttribute, "segmented \(name) expands to no entries", tag: segmented)
            }
            self.init(firstMapped: descriptor.first, bitsPerEntry: descriptor.bits, entries: entries)
        } else {
            throw ImagingError(.missingAttribute, "\(name) has neither LUT Data nor Segmented LUT Data", tag: data)
        }
    }

    /// Expands segmented palette data (PS3.3 C.7.9.2): discrete (0), linear (1) and indirect (2) segments.
    static func expandSegments(_ data: [Int], bits: Int, limit: Int? = nil, previous: Int? = nil,
                               depth: Int = 0) throws -> [Int] {
        guard depth < 8 else { throw ImagingError(.invalidAttribute, "segmented palette nests indirect segments too deeply") }
        var lut: [Int] = []
        var offset = 0, segments = 0
        while offset + 1 < data.count {
            let opcode = data[offset], length = data[offset + 1]
            offset += 2
            switch opcode {
            case 0:
                guard offset + length <= data.count else { throw ImagingError(.invalidAttribute, "segmented palette: discrete segment overruns") }
                lut += data[offset..<(offset + length)]
                offset += length
            case 1:
                guard offset < data.count, let y0 = lut.last ?? previous else {
                    throw ImagingError(.invalidAttribute, "segmented palette: linear segment without a start value")
                }
                let y1 = data[offset]
                offset += 1
                let step = Double(y1 - y0) / Double(max(length, 1))
                lut += (1...max(length, 1)).prefix(length).map { Int((Double(y0) + step * Double($0)).rounded(.toNearestOrEven)) }
            case 2:
                guard let last = lut.last, offset + (bits == 8 ? 4 : 2) <= data.count else {
                    throw ImagingError(.invalidAttribute, "segmented palette: indirect segment without a start value")
                }
                let start: Int
                if bits == 8 {
                    start = data[offset + 3] << 24 | data[offset + 2] << 16 | data[offset + 1] << 8 | data[offset]
                    offset += 4
                } else {
                    start = data[offset + 1] << 16 | data[offset]
                    offset += 2
                }
                guard start < data.count else { throw ImagingError(.invalidAttribute, "segmented palette: indirect offset overruns") }
                lut += try expandSegments(Array(data[start...]), bits: bits, limit: length, previous: last, depth: depth + 1)
            default:
                throw ImagingError(.invalidAttribute, "segmented palette: unknown segment type \(opcode)")
            }
            segments += 1
            if segments == limit { break }
        }
        return lut
    }

    static func descriptor(_ dataSet: DataSet, _ tag: Tag, name: String) throws -> (count: Int, first: Int, bits: Int) {
        guard let values = dataSet[tag]?.integers(), values.count >= 3 else {
            throw ImagingError(.missingAttribute, "\(name) has no LUT Descriptor of three values", tag: tag)
        }
        let count = values[0] == 0 ? 65_536 : values[0] & 0xFFFF
        guard (1...16).contains(values[2]) else {
            throw ImagingError(.invalidAttribute, "\(name) LUT Descriptor gives \(values[2]) bits per entry", tag: tag)
        }
        return (count, values[1], values[2])
    }

    static func words(_ data: Data) -> [Int] {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [Int] in
            (0..<(raw.count / 2)).map { Int(UInt16(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 2, as: UInt16.self))) }
        }
    }
}
