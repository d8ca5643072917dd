import DICOM
import Foundation

/// RLE Lossless (PS3.5 Annex G): a 64-byte header of segment offsets, then one PackBits segment per byte
/// plane, most significant byte first, sample by sample.
enum RLEDecoder {
    /// Decodes one frame (the single fragment RLE always uses for a frame).
    static func decode(_ frame: Data, description d: PixelDescription) throws -> DecodedFrame {
        guard d.bitsAllocated >= 8 else {
            throw ImagingError(.unsupported, "RLE Lossless with Bits Allocated \(d.bitsAllocated) is not supported",
                               tag: .bitsAllocated)
        }
        let bytesPerSample = d.bitsAllocated / 8
        let planes = bytesPerSample * d.samplesPerPixel
        let pixels = d.pixelsPerFrame
        let input = [UInt8](frame)
        guard input.count >= 64 else {
            throw ImagingError(.corruptPixelData, "RLE frame of \(input.count) bytes has no 64-byte header", tag: .pixelData)
        }
        func word(_ at: Int) -> Int {
            Int(input[at]) | Int(input[at + 1]) << 8 | Int(input[at + 2]) << 16 | Int(input[at + 3]) << 24
        }
        let segmentCount = word(0)
        guard segmentCount == planes else {
            throw ImagingError(.corruptPixelData,
                               "RLE header lists \(segmentCount) segments; \(d.samplesPerPixel) samples of \(d.bitsAllocated) bits need \(planes)",
                               tag: .pixelData)
        }
        let offsets = (0..<segmentCount).map { word(4 + 4 * $0) }
        // Little-endian containers, pixel-interleaved, as native data would hold them.
        var native = [UInt8](repeating: 0, count: pixels * planes)
        for segment in 0..<segmentCount {
            let start = offsets[segment]
            let end = segment + 1 < segmentCount ? offsets[segment + 1] : input.count
            guard start >= 64, start <= end, end <= input.count else {
                throw ImagingError(.corruptPixelData, "RLE segment \(segment + 1) has offsets \(start)…\(end) outside the frame of \(input.count) bytes",
                                   tag: .pixelData)
            }
            let sample = segment / bytesPerSample
            let byteInSample = bytesPerSample - 1 - segment % bytesPerSample
            let produced = unpackBits(input, from: start, to: end, count: pixels) { pixel, byte in
                native[pixel * planes + sample * bytesPerSample + byteInSample] = byte
            }
            guard produced == pixels else {
                throw ImagingError(.corruptPixelData, "RLE segment \(segment + 1) decodes to \(produced) bytes, not \(pixels)",
                                   tag: .pixelData)
            }
        }
        var interleaved = d
        interleaved.isPlanar = false
        let samples = native.withUnsafeBytes { NativeDecoder.read($0, description: interleaved) }
        return NativeDecoder.arrange(samples, description: interleaved)
    }

    /// Decodes one PackBits segment, handing each byte to `store` with its index; stops after `count` bytes.
    /// Returns the number of bytes produced.
    static func unpackBits(_ input: [UInt8], from start: Int, to end: Int, count: Int,
                           store: (Int, UInt8) -> Void) -> Int {
        var position = start, produced = 0
        while position < end, produced < count {
            let control = Int(Int8(bitPattern: input[position]))
            position += 1
            if control >= 0 {
                let run = min(control + 1, end - position, count - produced)
                for k in 0..<run { store(produced + k, input[position + k]) }
                produced += run
                position += control + 1
            } else if control != -128, position < end {
                let run = min(1 - control, count - produced)
                let byte = input[position]
                for k in 0..<run { store(produced + k, byte) }
                produced += run
                position += 1
            }
        }
        return produced
    }
}
