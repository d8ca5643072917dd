import CCodecs
import DICOM

/// Frames ⇄ pixels ⇄ images: decoding and encoding pixel data per transfer syntax, the LUT/VOI rendering
/// pipeline, and PNG/JPEG output. (Being built: see docs/ARCHITECTURE.md.)
public enum DICOMImaging {
    /// The version of the C codec shims linked in.
    public static var codecShimVersion: Int { Int(ccodecs_version()) }
}
