import CCodecs
import DICOM

/// Frames → pixels → images: `PixelDescription` reads the Image Pixel module, `PixelDataDecoder` (or
/// `DICOMFile.decodeFrame`) decodes a frame to integer samples, `FrameRenderer` (or
/// `DICOMFile.renderFrame`) applies the modality, VOI and colour pipeline to 8 bits, and `RenderedImage`
/// writes PNG or JPEG.
public enum DICOMImaging {
    /// The version of the C codec shims linked in.
    public static var codecShimVersion: Int { Int(ccodecs_version()) }
}
