import ObjectStorage
import DICOM
import Foundation

/// The pixel pipeline as the export needs it: frames decoded, rendered to 8-bit and encoded as images,
/// or decoded to raw native pixel data. Implemented by the DICOMImaging module.
public protocol PixelPipeline: Sendable {
    /// The frames of an instance as PNG (or JPEG) images, in frame order.
    func images(of file: DICOMFile, format: ImageFormat) throws -> [Data]
    /// The frames' uncompressed pixel data (explicit VR little endian layout), in frame order.
    func uncompressedFrames(of file: DICOMFile) throws -> [Data]
    /// The file re-encoded in `syntax`, decoding and encoding pixel data as needed.
    func transcode(_ file: DICOMFile, to syntax: TransferSyntax) throws -> Data
}

/// Image formats of rendered exports.
public enum ImageFormat: String, Sendable { case png, jpeg }
