import DICOM
import Foundation

/// Choices for rendering a frame to 8 bits.
public struct RenderOptions: Sendable, Equatable {
    /// Where the VOI (value of interest) transform of grey images comes from.
    public enum VOISource: Sendable, Equatable {
        /// The data set's VOI LUT Sequence, else its first window (per-frame functional groups first),
        /// else the range of the frame's modality values without Pixel Padding Value.
        case automatic
        /// Always the range of the frame's modality values (without padding).
        case minMax
        /// This window.
        case window(Window)
    }

    /// The VOI to apply to grey images (colour images have none).
    public var voi: VOISource

    /// Creates options.
    public init(voi: VOISource = .automatic) {
        self.voi = voi
    }
}

/// An 8-bit image: grey (one channel) or RGB (three), rows top to bottom, tightly packed.
public struct RenderedImage: Sendable, Equatable {
    /// Pixels per row.
    public var width: Int
    /// Rows.
    public var height: Int
    /// 1 (grey) or 3 (RGB).
    public var channels: Int
    /// width × height × channels bytes.
    public var pixels: [UInt8]

    /// Creates an image; the pixel count must match.
    public init(width: Int, height: Int, channels: Int, pixels: [UInt8]) {
        precondition(channels == 1 || channels == 3, "channels must be 1 or 3")
        precondition(pixels.count == width * height * channels, "pixel count does not match the size")
        self.width = width
        self.height = height
        self.channels = channels
        self.pixels = pixels
    }
}

/// Renders decoded frames of one data set to 8-bit grey or RGB images.
public struct FrameRenderer: Sendable {
    /// The data set whose attributes (LUTs, windows, palettes, padding) drive rendering.
    public let dataSet: DataSet

    /// Creates a renderer for a data set.
    public init(dataSet: DataSet) {
        self.dataSet = dataSet
    }

    /// Renders frame `frameIndex` (from 0; it selects per-frame functional groups) once decoded.
    public func render(_ frame: DecodedFrame, frameIndex: Int = 0, options: RenderOptions = RenderOptions()) throws -> RenderedImage {
        switch frame.photometricInterpretation {
        case .monochrome1, .monochrome2:
            let pipeline = try GreyscaleRenderer(dataSet: dataSet, frameIndex: frameIndex,
                                                 photometric: frame.photometricInterpretation, options: options)
            return RenderedImage(width: frame.columns, height: frame.rows, channels: 1, pixels: pipeline.render(frame.samples))
        case .paletteColor:
            return RenderedImage(width: frame.columns, height: frame.rows, channels: 3,
                                 pixels: try ColourRenderer.render(palette: frame, dataSet: dataSet))
        default:
            return RenderedImage(width: frame.columns, height: frame.rows, channels: 3,
                                 pixels: try ColourRenderer.render(threeSample: frame))
        }
    }
}

extension DICOMFile {
    /// Decodes and renders frame `index` (from 0) of this file to an 8-bit image.
    public func renderFrame(_ index: Int = 0, options: RenderOptions = RenderOptions()) throws -> RenderedImage {
        let frame = try decodeFrame(index)
        return try FrameRenderer(dataSet: dataSet).render(frame, frameIndex: index, options: options)
    }
}
