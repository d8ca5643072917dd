import DICOM
import Foundation

/// RLE Lossless encoding (PS3.5 Annex G): one PackBits segment per byte plane (most significant byte of
/// each sample first), each row encoded on its own, segments padded to even length, behind the 64-byte
/// header of segment offsets.
public enum RLEEncoder {
    /// Encodes one frame of native pixel data (little-endian, pixel-interleaved) into an RLE fragment.
    public static func encode(frame native: Data, rows: Int, columns: Int, samplesPerPixel: Int,
                              bitsAllocated: Int) throws -> Data {
        guard bitsAllocated % 8 == 0, bitsAllocated >= 8 else {
            throw ImagingError(.unsupported, "RLE Lossless needs whole-byte samples, not \(bitsAllocated) bits", tag: .bitsAllocated)
        }
        let bytesPerSample = bitsAllocated / 8
        let planes = samplesPerPixel * bytesPerSample
        guard planes <= 15 else {
            throw ImagingError(.unsupported, "RLE Lossless holds at most 15 segments; \(planes) needed", tag: .bitsAllocated)
        }
        let pixels = rows * columns
        let input = [UInt8](native)
        guard input.count >= pixels * planes else {
            throw ImagingError(.corruptPixelData, "frame has \(input.count) bytes, \(pixels * planes) needed", tag: .pixelData)
        }
        var segments: [[UInt8]] = []
        var plane = [UInt8](repeating: 0, count: pixels)
        for sample in 0..<samplesPerPixel {
            for byte in stride(from: bytesPerSample - 1, through: 0, by: -1) {
                let offset = sample * bytesPerSample + byte
                for pixel in 0..<pixels { plane[pixel] = input[pixel * planes + offset] }
                var segment: [UInt8] = []
                segment.reserveCapacity(pixels + pixels / 64 + 8)
                for row in 0..<rows { packBits(plane[(row * columns)..<((row + 1) * columns)], into: &segment) }
                if segment.count % 2 == 1 { segment.append(0x80) }  // -128: a no-op, pads to even length
                segments.append(segment)
            }
        }
        var output = Data(capacity: 64 + segments.reduce(0) { $0 + $1.count })
        var header = [UInt32](repeating: 0, count: 16)
        header[0] = UInt32(segments.count)
        var position = 64
        for (index, segment) in segments.enumerated() {
            header[index + 1] = UInt32(position)
            position += segment.count
        }
        for word in header { withUnsafeBytes(of: word.littleEndian) { output.append(contentsOf: $0) } }
        for segment in segments { output.append(contentsOf: segment) }
        return output
    }

    /// PackBits one row: runs of 2–128 equal bytes as (1 − n, byte), other bytes as literals of ≤ 128.
    static func packBits(_ row: ArraySlice<UInt8>, into out: inout [UInt8]) {
        var index = row.startIndex
        var literalStart = index
        func flushLiterals(upTo end: Int) {
            var start = literalStart
            while start < end {
                let count = min(128, end - start)
                out.append(UInt8(count - 1))
                out.append(contentsOf: row[start..<(start + count)])
                start += count
            }
        }
        while index < row.endIndex {
            var run = 1
            while index + run < row.endIndex, run < 128, row[index + run] == row[index] { run += 1 }
            if run >= 2 {
                flushLiterals(upTo: index)
                out.append(UInt8(bitPattern: Int8(1 - run)))
                out.append(row[index])
                index += run
                literalStart = index
            } else {
                index += 1
            }
        }
        flushLiterals(upTo: row.endIndex)
    }
}
