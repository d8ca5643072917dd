import Foundation

/// Why a run of elements ended.
enum Terminator {
    /// The end of the input or of a defined-length container was reached.
    case end
    /// An item delimitation item closed an undefined-length item.
    case itemDelimiter
    /// A sequence delimitation item arrived inside an item: the sequence ends early (dcmtk tolerates it).
    case sequenceDelimiter
    /// Reading stopped at the tag the options asked to stop at.
    case stopped
}

/// A token parser over one contiguous buffer: reads element headers and values, recursing into sequences
/// and items. Every length is checked against the bytes that remain before it is used; nothing is
/// allocated from a length field. Binary values of big-endian input are swapped to little-endian.
struct DataSetReader {
    let buffer: UnsafeRawBufferPointer
    /// The same bytes as `buffer`, for taking value slices that outlive the parse.
    let storage: Data
    let bigEndian: Bool
    /// False when the buffer is not the file itself (inflated data): value offsets are then not recorded.
    let offsetsAreFileOffsets: Bool
    let options: ReadOptions
    var position: Int
    var warnings: [String] = []

    static let undefinedLength: UInt32 = 0xFFFF_FFFF

    init(buffer: UnsafeRawBufferPointer, storage: Data, position: Int, bigEndian: Bool,
         offsetsAreFileOffsets: Bool, options: ReadOptions) {
        self.buffer = buffer
        self.storage = storage
        self.position = position
        self.bigEndian = bigEndian
        self.offsetsAreFileOffsets = offsetsAreFileOffsets
        self.options = options
    }

    // MARK: Primitive loads

    @inline(__always) func u16(at offset: Int) -> UInt16 {
        let raw = buffer.loadUnaligned(fromByteOffset: offset, as: UInt16.self)
        return bigEndian ? UInt16(bigEndian: raw) : UInt16(littleEndian: raw)
    }

    @inline(__always) func u32(at offset: Int) -> UInt32 {
        let raw = buffer.loadUnaligned(fromByteOffset: offset, as: UInt32.self)
        return bigEndian ? UInt32(bigEndian: raw) : UInt32(littleEndian: raw)
    }

    @inline(__always) func tag(at offset: Int) -> Tag {
        Tag(group: u16(at: offset), element: u16(at: offset + 2))
    }

    /// The VR spelled by the two bytes at `offset`, if they spell one.
    @inline(__always) func explicitVR(at offset: Int) -> VR? {
        VR(byte0: buffer[offset], byte1: buffer[offset + 1])
    }

    /// A slice of the input as a value, swapped to little-endian when the input is big-endian.
    func value(from start: Int, count: Int, vr: VR) -> Data {
        let lower = storage.startIndex + start
        let slice = storage[lower..<(lower + count)]
        guard bigEndian, vr.wordSize > 1 else { return slice }
        return Self.byteSwapped(slice, wordSize: vr.wordSize)
    }

    static func byteSwapped(_ data: Data, wordSize: Int) -> Data {
        var out = Data(data)
        out.withUnsafeMutableBytes { raw in
            var index = 0
            while index + wordSize <= raw.count {
                var low = index, high = index + wordSize - 1
                while low < high { raw.swapAt(low, high); low += 1; high -= 1 }
                index += wordSize
            }
        }
        return out
    }

    func fileOffset(_ position: Int) -> Int? { offsetsAreFileOffsets ? position : nil }

    func error(_ kind: DICOMError.Kind, _ reason: String, tag: Tag? = nil, at offset: Int? = nil) -> DICOMError {
        DICOMError(kind, reason, tag: tag, offset: offset ?? position)
    }
}
