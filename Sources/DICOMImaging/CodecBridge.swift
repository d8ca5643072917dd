import CCodecs
import DICOM
import Foundation

/// Calls into the C shims and turns what they return into decoded frames.
enum CodecBridge {
    /// How a codec's samples are reinterpreted to match Pixel Representation, as pydicom does.
    enum SignCorrection {
        /// Keep the values.
        case none
        /// The stream's signedness differs from Pixel Representation: reinterpret the low `bits` bits
        /// (sign-extend for signed data, mask for unsigned).
        case reinterpret(bits: Int)
    }

    /// Runs a C decoder on `source`, hands its image to `use`, and frees it.
    static func decode<R>(_ source: Data, codec: String,
                          _ decoder: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<ccodecs_image>,
                                      UnsafeMutablePointer<CChar>, Int) -> Int32,
                          _ use: (ccodecs_image) throws -> R) throws -> R {
        var image = ccodecs_image()
        var message = [CChar](repeating: 0, count: 256)
        let status = source.withUnsafeBytes { raw -> Int32 in
            guard let base = raw.bindMemory(to: UInt8.self).baseAddress, raw.count > 0 else {
                message.withUnsafeMutableBufferPointer { buffer in
                    _ = "\(codec): empty frame".withCString { strncpy(buffer.baseAddress!, $0, buffer.count - 1) }
                }
                return -1
            }
            return message.withUnsafeMutableBufferPointer { decoder(base, raw.count, &image, $0.baseAddress!, $0.count) }
        }
        defer { ccodecs_image_free(&image) }
        guard status == 0 else {
            let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            throw ImagingError(.corruptPixelData, text, tag: .pixelData)
        }
        return try use(image)
    }

    /// Builds a frame from a codec image after checking it against the data set's description.
    static func frame(from image: ccodecs_image, description d: PixelDescription,
                      interpretation: PhotometricInterpretation, correction: SignCorrection) throws -> DecodedFrame {
        guard Int(image.width) == d.columns, Int(image.height) == d.rows, Int(image.components) == d.samplesPerPixel else {
            throw ImagingError(.corruptPixelData,
                               "the codestream holds \(image.width)×\(image.height)×\(image.components) samples; the data set says \(d.columns)×\(d.rows)×\(d.samplesPerPixel)",
                               tag: .pixelData)
        }
        let count = d.pixelsPerFrame * d.samplesPerPixel
        guard let pixels = image.pixels, image.size >= count * Int(image.bytes_per_sample) else {
            throw ImagingError(.corruptPixelData, "the codec returned too few samples", tag: .pixelData)
        }
        var values = [Int](repeating: 0, count: count)
        switch image.bytes_per_sample {
        case 1:
            let typed = pixels.assumingMemoryBound(to: UInt8.self)
            for i in 0..<count { values[i] = Int(typed[i]) }
        case 2:
            let typed = pixels.assumingMemoryBound(to: UInt16.self)
            for i in 0..<count { values[i] = Int(typed[i]) }
        default:
            let typed = pixels.assumingMemoryBound(to: Int32.self)
            for i in 0..<count { values[i] = Int(typed[i]) }
        }
        if image.is_planar != 0, d.samplesPerPixel > 1 {
            values = NativeDecoder.interleave(values, planes: d.samplesPerPixel)
        }
        if case .reinterpret(let bits) = correction, bits > 0, bits < 64 {
            let mask = (1 << bits) - 1
            let up = 64 - bits
            for i in 0..<count {
                values[i] = d.isSigned ? (values[i] << up) >> up : values[i] & mask
            }
        }
        return DecodedFrame(rows: d.rows, columns: d.columns, samplesPerPixel: d.samplesPerPixel,
                            bitsStored: d.bitsStored, isSigned: d.isSigned, photometricInterpretation: interpretation,
                            samples: SampleArray(values, bits: d.bitsAllocated, signed: d.isSigned))
    }
}
