import DICOM
import Foundation

/// The grey pipeline of PS3.4 Annex N for one frame: stored value → modality LUT or rescale → VOI
/// (LUT, window, or the frame's own range) → MONOCHROME1 / INVERSE inversion → 8 bits, computed in Double,
/// rounded to nearest and clamped. Samples of up to 16 bits go through one precomputed table.
struct GreyscaleRenderer {
    /// The modality transform.
    enum Modality {
        case rescale(slope: Double, intercept: Double)
        case lut(LookupTable)

        func apply(_ stored: Int) -> Double {
            switch self {
            case .rescale(let slope, let intercept): Double(stored) * slope + intercept
            case .lut(let table): Double(table(stored))
            }
        }

        /// A rescale keeps (or reverses) the order of values; a LUT may not.
        var isMonotonic: Bool {
            if case .rescale = self { return true }
            return false
        }
    }

    /// The VOI transform, to 0…255.
    enum VOI {
        case window(Window)
        case lut(LookupTable)

        func apply(_ value: Double) -> Double {
            switch self {
            case .window(let window): return window.apply(value)
            case .lut(let table):
                let index = value.rounded(.down)
                let clamped = min(max(index, Double(Int.min / 2)), Double(Int.max / 2))
                return Double(table(Int(clamped))) * 255 / Double(table.maximumOutput)
            }
        }
    }

    let modality: Modality
    let voiChoice: VOI?
    let padding: ClosedRange<Int>?
    let invert: Bool

    init(dataSet: DataSet, frameIndex: Int, photometric: PhotometricInterpretation, options: RenderOptions) throws {
        let transformation = FunctionalGroups.item(ImagingTag.pixelValueTransformationSequence, in: dataSet, frame: frameIndex)
        if let item = dataSet[ImagingTag.modalityLUTSequence]?.items?.first {
            modality = .lut(try LookupTable(lutItem: item, name: "Modality LUT Sequence"))
        } else {
            let source = transformation ?? dataSet
            let slope = source.double(ImagingTag.rescaleSlope) ?? dataSet.double(ImagingTag.rescaleSlope) ?? 1
            let intercept = source.double(ImagingTag.rescaleIntercept) ?? dataSet.double(ImagingTag.rescaleIntercept) ?? 0
            modality = .rescale(slope: slope, intercept: intercept)
        }
        switch options.voi {
        case .window(let window):
            guard window.isValid else {
                throw ImagingError(.invalidAttribute, "window width \(window.width) is invalid for \(window.function.rawValue)")
            }
            voiChoice = .window(window)
        case .minMax: voiChoice = nil
        case .automatic: voiChoice = try Self.fileVOI(dataSet, frameIndex: frameIndex)
        }
        if let value = dataSet.int(ImagingTag.pixelPaddingValue) {
            let limit = dataSet.int(ImagingTag.pixelPaddingRangeLimit) ?? value
            padding = min(value, limit)...max(value, limit)
        } else {
            padding = nil
        }
        let shape = dataSet.string(ImagingTag.presentationLUTShape)?.uppercased()
        invert = photometric == .monochrome1 || (photometric == .monochrome2 && shape == "INVERSE")
    }

    /// The data set's own VOI: a VOI LUT Sequence item first (as pydicom prefers), else the first window
    /// (from the frame's functional groups, then the top level); nil when neither is usable.
    static func fileVOI(_ dataSet: DataSet, frameIndex: Int) throws -> VOI? {
        if let item = dataSet[ImagingTag.voiLUTSequence]?.items?.first {
            return .lut(try LookupTable(lutItem: item, name: "VOI LUT Sequence"))
        }
        let frameVOI = FunctionalGroups.item(ImagingTag.frameVOILUTSequence, in: dataSet, frame: frameIndex)
        for source in [frameVOI, dataSet].compactMap({ $0 }) {
            guard let center = source.double(ImagingTag.windowCenter), let width = source.double(ImagingTag.windowWidth) else {
                continue
            }
            let name = source.string(ImagingTag.voiLUTFunction)?.uppercased() ?? dataSet.string(ImagingTag.voiLUTFunction)?.uppercased()
            let window = Window(center: center, width: width, function: name.flatMap(VOIFunction.init(rawValue:)) ?? .linear)
            if window.isValid { return .window(window) }
        }
        return nil
    }

    /// Renders the samples of a one-sample-per-pixel frame.
    func render(_ samples: SampleArray) -> [UInt8] {
        switch samples {
        case .uint8(let values): tabulated(values)
        case .int8(let values): tabulated(values)
        case .uint16(let values): tabulated(values)
        case .int16(let values): tabulated(values)
        case .uint32(let values): direct(values)
        case .int32(let values): direct(values)
        }
    }

    /// The VOI for this frame: the chosen one, or the window over the frame's modality values without
    /// padding (all values when everything is padding).
    private func voi(minimumMaximum: () -> (Double, Double)?) -> VOI {
        if let voiChoice { return voiChoice }
        let (low, high) = minimumMaximum() ?? (0, 0)
        return .window(Window(minimum: low, maximum: high))
    }

    private func output(_ stored: Int, _ voi: VOI) -> UInt8 {
        let y = voi.apply(modality.apply(stored))
        let level = UInt8(min(max(y.rounded(), 0), 255))
        return invert ? 255 - level : level
    }

    /// One table entry per stored value from the frame's lowest to its highest, then one lookup per pixel
    /// (the hot loop of every rendered export: plain buffer loops, no per-element array checks in release
    /// builds). The table spans only that range: a CT frame uses a few thousand of the 65,536 16-bit
    /// values, and clearing and scanning the whole range cost as much as the pixels.
    private func tabulated<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        guard let first = values.first else { return [] }
        var lowest = first, highest = first
        values.withUnsafeBufferPointer { values in
            for value in values {
                lowest = min(lowest, value)
                highest = max(highest, value)
            }
        }
        let base = Int(lowest)
        let span = Int(highest) - base + 1
        // The frame's own range needs to know which values occur only with padding to leave out or a
        // modality LUT (a rescale is monotonic: its range over the frame is that of the extreme values).
        var present: [Bool]?
        if voiChoice == nil, padding != nil || !modality.isMonotonic {
            var marks = [Bool](repeating: false, count: span)
            marks.withUnsafeMutableBufferPointer { marks in
                values.withUnsafeBufferPointer { values in
                    for value in values { marks[Int(value) &- base] = true }
                }
            }
            present = marks
        }
        let voi = voi {
            guard let present else {
                let (a, b) = (modality.apply(base), modality.apply(base + span - 1))
                return (min(a, b), max(a, b))
            }
            var low = Double.infinity, high = -Double.infinity
            for pass in 0..<2 where low > high {
                for index in 0..<span where present[index] {
                    let stored = index + base
                    if pass == 0, let padding, padding.contains(stored) { continue }
                    let value = modality.apply(stored)
                    low = min(low, value)
                    high = max(high, value)
                }
            }
            return low <= high ? (low, high) : nil
        }
        var table = [UInt8](repeating: 0, count: span)
        for index in 0..<span where present?[index] ?? true { table[index] = output(index + base, voi) }
        return [UInt8](unsafeUninitializedCapacity: values.count) { output, count in
            table.withUnsafeBufferPointer { table in
                values.withUnsafeBufferPointer { values in
                    for index in 0..<values.count { output[index] = table[Int(values[index]) &- base] }
                }
            }
            count = values.count
        }
    }

    private func direct<T: FixedWidthInteger>(_ values: [T]) -> [UInt8] {
        let voi = voi {
            var low = Double.infinity, high = -Double.infinity
            for pass in 0..<2 where low > high {
                for value in values {
                    if pass == 0, let padding, padding.contains(Int(value)) { continue }
                    let modal = modality.apply(Int(value))
                    low = min(low, modal)
                    high = max(high, modal)
                }
            }
            return low <= high ? (low, high) : nil
        }
        return values.map { output(Int($0), voi) }
    }
}

/// Attributes of Enhanced multi-frame objects kept in (5200,9230) Per-Frame and (5200,9229) Shared
/// Functional Groups.
enum FunctionalGroups {
    /// The first item of macro `sequence` for frame `frame`: per-frame first, then shared.
    static func item(_ sequence: Tag, in dataSet: DataSet, frame: Int) -> DataSet? {
        if let perFrame = dataSet[ImagingTag.perFrameFunctionalGroups]?.items, perFrame.indices.contains(frame),
           let item = perFrame[frame][sequence]?.items?.first {
            return item
        }
        return dataSet[ImagingTag.sharedFunctionalGroups]?.items?.first?[sequence]?.items?.first
    }
}
