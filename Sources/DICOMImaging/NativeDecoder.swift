import DICOM
import Foundation

/// Native (uncompressed) pixel data: frames located by byte (or, for 1-bit data, bit) offset, samples read
/// from their Bits Allocated containers, shifted and masked to Bits Stored and sign-extended (PS3.5 §8).
enum NativeDecoder {
    /// Decodes frame `index` from the value bytes of Pixel Data (little-endian in memory, as the DICOM
    /// module keeps them; `wordSize` is the VR's swap unit, used to restore big-endian containers).
    static func decode(_ bytes: Data, index: Int, description: PixelDescription, wordSize: Int = 2) throws -> DecodedFrame {
        let d = description
        var data = bytes
        if d.transferSyntax.isBigEndian, d.bitsAllocated >= 16, wordSize != d.bitsAllocated / 8 {
            data = reswapped(data, from: wordSize, to: d.bitsAllocated / 8)
        }
        let length = d.nativeFrameLength
        let samples: SampleArray
        if d.bitsAllocated == 1 {
            let bitCount = d.pixelsPerFrame * d.samplesPerPixel
            let needed = ((index + 1) * bitCount + 7) / 8
            try check(data.count >= needed, index: index, needed: needed, have: data.count)
            samples = .uint8(unpackBits(data, firstBit: index * bitCount, count: bitCount))
        } else {
            let start = index * length
            try check(data.count >= start + length, index: index, needed: start + length, have: data.count)
            samples = data.withUnsafeBytes { raw in
                read(UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)]), description: d)
            }
        }
        return arrange(samples, description: d)
    }

    /// Puts planar or YBR_FULL_422 samples into pixel-interleaved full-resolution order.
    static func arrange(_ samples: SampleArray, description d: PixelDescription) -> DecodedFrame {
        var samples = samples
        var interpretation = d.photometricInterpretation
        if interpretation == .ybrFull422, samples.count == d.pixelsPerFrame * 2 {
            samples = SampleArray(upsample422(samples.integers, pixels: d.pixelsPerFrame),
                                  bits: d.bitsAllocated, signed: d.isSigned)
            interpretation = .ybrFull
        } else if d.isPlanar, d.samplesPerPixel > 1 {
            samples = SampleArray(interleave(samples.integers, planes: d.samplesPerPixel),
                                  bits: d.bitsAllocated, signed: d.isSigned)
        }
        return DecodedFrame(rows: d.rows, columns: d.columns, samplesPerPixel: d.samplesPerPixel,
                            bitsStored: d.bitsStored, isSigned: d.isSigned,
                            photometricInterpretation: interpretation, samples: samples)
    }

    private static func check(_ ok: Bool, index: Int, needed: Int, have: Int) throws {
        guard ok else {
            throw ImagingError(.corruptPixelData,
                               "frame \(index + 1) needs Pixel Data of at least \(needed) bytes but it holds \(have)",
                               tag: .pixelData)
        }
    }

    /// Reads every container of a frame into the array type of Bits Allocated and Pixel Representation.
    static func read(_ raw: UnsafeRawBufferPointer, description d: PixelDescription) -> SampleArray {
        let shift = d.highBit + 1 - d.bitsStored
        switch (d.bitsAllocated, d.isSigned) {
        case (8, false): return .uint8(unpack(raw, UInt8.self, shift: shift, bits: d.bitsStored))
        case (8, true): return .int8(signExtended(unpack(raw, UInt8.self, shift: shift, bits: d.bitsStored), bits: d.bitsStored))
        case (16, false): return .uint16(unpack(raw, UInt16.self, shift: shift, bits: d.bitsStored))
        case (16, true): return .int16(signExtended(unpack(raw, UInt16.self, shift: shift, bits: d.bitsStored), bits: d.bitsStored))
        case (_, false): return .uint32(unpack(raw, UInt32.self, shift: shift, bits: d.bitsStored))
        case (_, true): return .int32(signExtended(unpack(raw, UInt32.self, shift: shift, bits: d.bitsStored), bits: d.bitsStored))
        }
    }

    /// Little-endian containers, shifted right by `shift` and masked to `bits`.
    static func unpack<U: FixedWidthInteger & UnsignedInteger>(_ raw: UnsafeRawBufferPointer, _: U.Type, shift: Int,
                                                                  bits: Int) -> [U] {
        let count = raw.count / MemoryLayout<U>.size
        let mask: U = bits >= U.bitWidth ? ~0 : (1 << U(bits)) - 1
        return [U](unsafeUninitializedCapacity: count) { buffer, initialized in
            // One copy, then shift and mask in place: both loops run over aligned typed memory (and vectorize).
            if let base = raw.baseAddress, count > 0 {
                UnsafeMutableRawBufferPointer(buffer).copyMemory(from: UnsafeRawBufferPointer(start: base, count: count * MemoryLayout<U>.size))
            }
            let shift = U(shift)
            for i in 0..<count { buffer[i] = (U(littleEndian: buffer[i]) >> shift) & mask }
            initialized = count
        }
    }

    /// Two's-complement reinterpretation of `bits`-bit values held in wider unsigned containers.
    static func signExtended<U: FixedWidthInteger & UnsignedInteger, S: FixedWidthInteger & SignedInteger>(
        _ values: [U], bits: Int) -> [S] where S.Magnitude == U {
        let up = S.bitWidth - bits
        return values.map { S(truncatingIfNeeded: $0 << U(up)) >> S(up) }
    }

    /// 1-bit samples, least significant bit first, starting at any bit of the data.
    static func unpackBits(_ data: Data, firstBit: Int, count: Int) -> [UInt8] {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) -> [UInt8] in
            (0..<count).map { i in
                let bit = firstBit + i
                return (raw[bit >> 3] >> UInt8(bit & 7)) & 1
            }
        }
    }

    /// Planes (all of sample 0, then all of sample 1, …) to pixel-interleaved order.
    static func interleave(_ values: [Int], planes: Int) -> [Int] {
        let pixels = values.count / planes
        var out = [Int](repeating: 0, count: values.count)
        for plane in 0..<planes {
            for pixel in 0..<pixels { out[pixel * planes + plane] = values[plane * pixels + pixel] }
        }
        return out
    }

    /// Y1 Y2 Cb Cr pairs (the uncompressed YBR_FULL_422 layout) to Y Cb Cr per pixel; pairs run on across
    /// rows, as pydicom reads them, so an odd last pixel takes its pair's chroma.
    static func upsample422(_ values: [Int], pixels: Int) -> [Int] {
        var out = [Int](repeating: 0, count: pixels * 3)
        var pixel = 0, i = 0
        while pixel < pixels, i + 3 < values.count {
            let (y1, y2, cb, cr) = (values[i], values[i + 1], values[i + 2], values[i + 3])
            out[pixel * 3] = y1; out[pixel * 3 + 1] = cb; out[pixel * 3 + 2] = cr
            if pixel + 1 < pixels { out[pixel * 3 + 3] = y2; out[pixel * 3 + 4] = cb; out[pixel * 3 + 5] = cr }
            pixel += 2
            i += 4
        }
        return out
    }

    /// Undoes a swap by `from`-byte words and applies one by `to`-byte containers (big-endian input whose
    /// VR word size differs from Bits Allocated, e.g. 32-bit samples in OW).
    static func reswapped(_ data: Data, from: Int, to: Int) -> Data {
        var bytes = [UInt8](data)
        for unit in [from, to] where unit > 1 {
            var start = 0
            while start + unit <= bytes.count {
                bytes[start..<(start + unit)].reverse()
                start += unit
            }
        }
        return Data(bytes)
    }
}
