import CCodecs
import Foundation

extension RenderedImage {
    /// The image as PNG (8-bit grey or RGB). `favoringSpeed` (the default) writes it straight over zlib:
    /// one cheap filter (NONE, SUB or UP) chosen per image, deflate level 1 with run-length matching only,
    /// one IDAT; 3–5x quicker than libpng, files up to a few times larger on smooth synthetic images.
    /// Otherwise libpng's simplified API at its default compression.
    public func pngData(favoringSpeed: Bool = true) throws -> Data {
        try encode("PNG") { pixels, out, size, message, capacity in
            ccodecs_png_encode(pixels, Int32(width), Int32(height), Int32(channels), favoringSpeed ? 1 : 0, out, size,
                               message, capacity)
        }
    }

    /// The image as a baseline JPEG (TurboJPEG, 4:4:4 for RGB); `quality` 1…100.
    public func jpegData(quality: Int = 90) throws -> Data {
        try encode("JPEG") { pixels, out, size, message, capacity in
            ccodecs_jpeg_encode(pixels, Int32(width), Int32(height), Int32(channels), Int32(quality), out, size, message, capacity)
        }
    }

    /// Reads an 8-bit grey or RGB image from PNG bytes (alpha dropped, 16-bit reduced).
    public init(png: Data) throws {
        self = try Self.decode(png, ccodecs_png_decode)
    }

    /// Reads an 8-bit grey or RGB image from JPEG bytes.
    public init(jpeg: Data) throws {
        self = try Self.decode(jpeg) { source, size, image, message, capacity in
            ccodecs_jpeg_decode(source, size, 0, image, message, capacity)
        }
    }

    private func encode(_ format: String,
                        _ encoder: (UnsafePointer<UInt8>, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>,
                                    UnsafeMutablePointer<Int>, UnsafeMutablePointer<CChar>, Int) -> Int32) throws -> Data {
        var output: UnsafeMutablePointer<UInt8>?
        var size = 0
        var message = [CChar](repeating: 0, count: 256)
        let status = pixels.withUnsafeBufferPointer { buffer in
            message.withUnsafeMutableBufferPointer { encoder(buffer.baseAddress!, &output, &size, $0.baseAddress!, $0.count) }
        }
        defer { ccodecs_free(output) }
        guard status == 0, let output else {
            let text = CodecBridge.text(message)
            throw ImagingError(.encoding, text.isEmpty ? "\(format) encoding failed" : text)
        }
        return Data(bytes: output, count: size)
    }

    private static func decode(_ data: Data,
                               _ decoder: (UnsafePointer<UInt8>, Int, UnsafeMutablePointer<ccodecs_image>,
                                           UnsafeMutablePointer<CChar>, Int) -> Int32) throws -> RenderedImage {
        try CodecBridge.decode(data, codec: "image", failure: .invalidImage, decoder) { image in
            guard image.bytes_per_sample == 1, image.components == 1 || image.components == 3, let pixels = image.pixels else {
                throw ImagingError(.invalidImage, "only 8-bit grey or RGB images are read")
            }
            let count = Int(image.width) * Int(image.height) * Int(image.components)
            let bytes = [UInt8](UnsafeBufferPointer(start: pixels.assumingMemoryBound(to: UInt8.self), count: count))
            return RenderedImage(width: Int(image.width), height: Int(image.height), channels: Int(image.components), pixels: bytes)
        }
    }
}
