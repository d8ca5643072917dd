import CZlib
import Foundation

/// Raw deflate (RFC 1951, no zlib header), as the deflated transfer syntax requires.
enum Deflate {
    static func deflate(_ input: [UInt8], level: Int32 = Z_DEFAULT_COMPRESSION) throws -> [UInt8] {
        var stream = z_stream()
        guard czlib_deflate_init_raw(&stream, level) == Z_OK else {
            throw DICOMError(.compression, "deflateInit failed")
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, uLong(input.count))) + 16)
        let produced: Int = try input.withUnsafeBufferPointer { source in
            try output.withUnsafeMutableBufferPointer { destination in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = uInt(source.count)
                stream.next_out = destination.baseAddress
                stream.avail_out = uInt(destination.count)
                let status = CZlib.deflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END else { throw DICOMError(.compression, "deflate failed (\(status))") }
                return destination.count - Int(stream.avail_out)
            }
        }
        output.removeSubrange(produced...)
        if output.count % 2 == 1 { output.append(0) }  // the data set must have an even length
        return output
    }
}
