import CZlib
import Foundation

/// Raw deflate (RFC 1951) and zlib-wrapped streams, for the deflated transfer syntax.
enum Inflate {
    /// Inflates a deflated data set. Raw deflate is what the standard says; a zlib header is accepted too.
    static func inflate(_ input: UnsafeRawBufferPointer, at offset: Int) throws -> Data {
        if let raw = try? run(input, zlibHeader: false) { return raw }
        do { return try run(input, zlibHeader: true) } catch {
            throw DICOMError(.compression, "the deflated data set does not inflate (\(error))", offset: offset)
        }
    }

    private struct Failure: Error, CustomStringConvertible { let description: String }

    private static func run(_ input: UnsafeRawBufferPointer, zlibHeader: Bool) throws -> Data {
        var stream = z_stream()
        let status = zlibHeader ? czlib_inflate_init_zlib(&stream) : czlib_inflate_init_raw(&stream)
        guard status == Z_OK else { throw Failure(description: "inflateInit failed (\(status))") }
        defer { inflateEnd(&stream) }
        var output = Data()
        let chunkSize = 1 << 16
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        stream.next_in = UnsafeMutablePointer(mutating: input.bindMemory(to: Bytef.self).baseAddress)
        stream.avail_in = uInt(input.count)
        while true {
            let result = chunk.withUnsafeMutableBytes { out -> Int32 in
                stream.next_out = out.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(chunkSize)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            let produced = chunkSize - Int(stream.avail_out)
            output.append(contentsOf: chunk[0..<produced])
            if result == Z_STREAM_END { return output }
            guard result == Z_OK else { throw Failure(description: "zlib error \(result)") }
            if stream.avail_in == 0 && produced == 0 {
                throw Failure(description: "the stream ends before its last block")
            }
        }
    }
}
