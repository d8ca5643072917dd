import DICOM
import Foundation

/// Colour frames to 8-bit RGB: RGB scaled from Bits Stored, YBR_FULL converted with the matrix of
/// PS3.3 C.7.6.3.1.2, PALETTE COLOR looked up in the three palette tables.
enum ColourRenderer {
    /// Renders an RGB or YBR_FULL frame (three samples per pixel, interleaved).
    static func render(threeSample frame: DecodedFrame) throws -> [UInt8] {
        let values = frame.samples.integers
        let maximum = Double((1 << frame.bitsStored) - 1)
        let scale: (Int) -> Double = frame.bitsStored == 8 ? { Double($0) } : { Double($0) * 255 / maximum }
        switch frame.photometricInterpretation {
        case .rgb:
            return values.map { clamp(scale($0)) }
        case .ybrFull:
            var out = [UInt8](repeating: 0, count: values.count)
            var i = 0
            while i + 2 < values.count {
                let y = scale(values[i]), cb = scale(values[i + 1]) - 128, cr = scale(values[i + 2]) - 128
                out[i] = clamp(y + 1.402 * cr)
                out[i + 1] = clamp(y - 0.114 * 1.772 / 0.587 * cb - 0.299 * 1.402 / 0.587 * cr)
                out[i + 2] = clamp(y + 1.772 * cb)
                i += 3
            }
            return out
        default:
            throw ImagingError(.unsupported,
                               "rendering \(frame.photometricInterpretation.rawValue) samples is not supported",
                               tag: ImagingTag.photometricInterpretation)
        }
    }

    /// Renders a PALETTE COLOR frame: each stored value indexes the red, green and blue tables; 16-bit
    /// entries are scaled to 8 bits (v × 255 / 65535, rounded).
    static func render(palette frame: DecodedFrame, dataSet: DataSet) throws -> [UInt8] {
        let red = try LookupTable(paletteDescriptor: ImagingTag.redPaletteDescriptor, data: ImagingTag.redPaletteData,
                                  segmented: ImagingTag.segmentedRedPaletteData, in: dataSet, name: "Red Palette Color LUT")
        let green = try LookupTable(paletteDescriptor: ImagingTag.greenPaletteDescriptor, data: ImagingTag.greenPaletteData,
                                    segmented: ImagingTag.segmentedGreenPaletteData, in: dataSet, name: "Green Palette Color LUT")
        let blue = try LookupTable(paletteDescriptor: ImagingTag.bluePaletteDescriptor, data: ImagingTag.bluePaletteData,
                                   segmented: ImagingTag.segmentedBluePaletteData, in: dataSet, name: "Blue Palette Color LUT")
        let tables = [red, green, blue].map { table in
            table.entries.map { table.bitsPerEntry <= 8 ? UInt8(clamping: $0) : clamp(Double($0) * 255 / 65535) }
        }
        func lookup(_ value: Int) -> (UInt8, UInt8, UInt8) {
            (tables[0][index(value, red)], tables[1][index(value, green)], tables[2][index(value, blue)])
        }
        let values = frame.samples.integers
        var out = [UInt8](repeating: 0, count: values.count * 3)
        for (i, value) in values.enumerated() {
            let (r, g, b) = lookup(value)
            out[i * 3] = r; out[i * 3 + 1] = g; out[i * 3 + 2] = b
        }
        return out
    }

    @inline(__always) private static func index(_ value: Int, _ table: LookupTable) -> Int {
        min(max(value - table.firstMapped, 0), table.entries.count - 1)
    }

    @inline(__always) static func clamp(_ value: Double) -> UInt8 {
        UInt8(min(max(value.rounded(), 0), 255))
    }
}
