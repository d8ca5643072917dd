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

        /// pydicom's correction of unused bits: when Bits Stored < Bits Allocated, only the low Bits
        /// Stored bits count.
        static func unusedBits(_ d: PixelDescription) -> SignCorrection {
            d.bitsStored < d.bitsAllocated ? .reinterpret(bits: d.bitsStored) : .none
        }
    }

    /// Runs a C decoder on `source`, hands its image to `use`, and frees it. A failure becomes an
    /// `ImagingError` of `kind` carrying the shim's message.
    static func decode<R>(_ source: Data, codec: String, failure kind: ImagingError.Kind = .corruptPixelData,
                          _ decoder: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<ccodecs_image>,
                                      UnsafeMutablePointer<CChar>, Int) -> Int32,
                          _ use: (ccodecs_image) throws -> R) throws -> R {
        let tag: Tag? = kind == .corruptPixelData ? .pixelData : nil
        guard !source.isEmpty else { throw ImagingError(kind, "\(codec): no bytes to decode", tag: tag) }
        var image = ccodecs_image()
        var message = [CChar](repeating: 0, count: 256)
        let status = source.withUnsafeBytes { raw in
            message.withUnsafeMutableBufferPointer { text in
                decoder(raw.bindMemory(to: UInt8.self).baseAddress!, raw.count, &image, text.baseAddress!, text.count)
            }
        }
        defer { ccodecs_image_free(&image) }
        guard status == 0 else { throw ImagingError(kind, text(message), tag: tag) }
        return try use(image)
    }

    /// The NUL-terminated message a shim wrote.
    static func text(_ message: [CChar]) -> String {
        String(decoding: message.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
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
        return try frame(values: values, isPlanar: image.is_planar != 0, description: d,
                         interpretation: interpretation, correction: correction)
    }

    /// Builds a frame from widened samples (interleaved, or planar when `isPlanar`).
    static func frame(values: [Int], isPlanar: Bool, description d: PixelDescription,
                      interpretation: PhotometricInterpretation, correction: SignCorrection) throws -> DecodedFrame {
        var values = values
        let count = values.count
        if isPlanar, d.samplesPerPixel > 1 {
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
