/// (0028,0004) Photometric Interpretation: how samples become colours (PS3.3 C.7.6.3.1.2).
public enum PhotometricInterpretation: String, Sendable, Equatable, CaseIterable {
    /// Grey, minimum sample displayed white.
    case monochrome1 = "MONOCHROME1"
    /// Grey, minimum sample displayed black.
    case monochrome2 = "MONOCHROME2"
    /// One sample indexing red, green and blue lookup tables.
    case paletteColor = "PALETTE COLOR"
    /// Red, green, blue.
    case rgb = "RGB"
    /// Luminance and two chrominance samples, full range (JPEG's YCbCr).
    case ybrFull = "YBR_FULL"
    /// YBR_FULL with chrominance halved horizontally (pairs stored Y1 Y2 Cb Cr when uncompressed).
    case ybrFull422 = "YBR_FULL_422"
    /// Studio-range YCbCr, chrominance halved horizontally.
    case ybrPartial422 = "YBR_PARTIAL_422"
    /// Studio-range YCbCr, chrominance halved both ways.
    case ybrPartial420 = "YBR_PARTIAL_420"
    /// JPEG 2000's irreversible colour transform (undone by the decoder).
    case ybrICT = "YBR_ICT"
    /// JPEG 2000's reversible colour transform (undone by the decoder).
    case ybrRCT = "YBR_RCT"

    /// True for MONOCHROME1 and MONOCHROME2.
    public var isMonochrome: Bool { self == .monochrome1 || self == .monochrome2 }

    /// The number of samples per pixel this interpretation requires.
    public var samplesPerPixel: Int { isMonochrome || self == .paletteColor ? 1 : 3 }
}
