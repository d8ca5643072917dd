import DICOM
import Foundation
import ObjectStorage

/// The pixel data of an instance frame by frame, as exports and DICOMweb frame retrieval give it.
public enum PixelFrames {
    /// Pixel data per frame: fragments joined as stored (`uncompressed` false), native frames split by
    /// their size, or compressed frames decoded by `pipeline` when `uncompressed` is asked for.
    public static func frames(of file: DICOMFile, uncompressed: Bool, pipeline: (any PixelPipeline)?) throws -> [Data] {
        guard let pixels = file.dataSet[.pixelData] else { throw ServiceError(.invalidArgument, "the instance has no Pixel Data") }
        let count = max(1, file.dataSet.int(.numberOfFrames) ?? 1)
        if let fragments = pixels.fragments {
            if uncompressed {
                guard let pipeline else {
                    throw ServiceError(.failedPrecondition, "decoding \(file.transferSyntax.name) pixel data needs the pixel pipeline, which this build does not have")
                }
                return try pipeline.uncompressedFrames(of: file)
            }
            return try (0..<count).map { try fragments.frame($0, numberOfFrames: count) }
        }
        guard let data = pixels.bytes else { throw ServiceError(.invalidArgument, "Pixel Data has no value") }
        let rows = file.dataSet.int(.rows) ?? 0, columns = file.dataSet.int(.columns) ?? 0
        let samples = file.dataSet.int(.samplesPerPixel) ?? 1, bits = file.dataSet.int(.bitsAllocated) ?? 8
        let frameBytes = (rows * columns * samples * bits + 7) / 8
        guard frameBytes > 0, data.count >= frameBytes * count else {
            throw ServiceError(.invalidArgument, "Pixel Data holds \(data.count) bytes, less than \(count) frames of \(frameBytes)")
        }
        return (0..<count).map { index in
            let start = data.startIndex + index * frameBytes
            return Data(data[start..<(start + frameBytes)])
        }
    }
}
