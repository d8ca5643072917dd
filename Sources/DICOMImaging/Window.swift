import Foundation

/// (0028,1056) VOI LUT Function: how a window maps values to the output range (PS3.3 C.11.2.1.2–3).
public enum VOIFunction: String, Sendable, Equatable, CaseIterable {
    /// The standard's default: center shifted down by ½ and width shrunk by 1.
    case linear = "LINEAR"
    /// The window exactly as given.
    case linearExact = "LINEAR_EXACT"
    /// A logistic curve around the center.
    case sigmoid = "SIGMOID"
}

/// A window (center, width, function) applied to modality values.
public struct Window: Sendable, Equatable {
    /// (0028,1050) Window Center.
    public var center: Double
    /// (0028,1051) Window Width.
    public var width: Double
    /// (0028,1056) VOI LUT Function.
    public var function: VOIFunction

    /// Creates a window.
    public init(center: Double, width: Double, function: VOIFunction = .linear) {
        self.center = center
        self.width = width
        self.function = function
    }

    /// The window that selects exactly the values from `minimum` to `maximum` (PS3.3's note on Window
    /// Center): center (min + max + 1) / 2, width max − min + 1, LINEAR.
    public init(minimum: Double, maximum: Double) {
        self.init(center: (minimum + maximum + 1) / 2, width: maximum - minimum + 1, function: .linear)
    }

    /// True when the width suits the function (LINEAR needs at least 1, the others more than 0).
    public var isValid: Bool {
        center.isFinite && width.isFinite && (function == .linear ? width >= 1 : width > 0)
    }

    /// Maps a modality value to the output range `0…outputMaximum`, in real arithmetic (not rounded).
    @inline(__always) public func apply(_ x: Double, outputMaximum: Double = 255) -> Double {
        switch function {
        case .linear:
            let c = center - 0.5, w = width - 1
            if x <= c - w / 2 { return 0 }
            if x > c + w / 2 { return outputMaximum }
            return ((x - c) / w + 0.5) * outputMaximum
        case .linearExact:
            if x <= center - width / 2 { return 0 }
            if x > center + width / 2 { return outputMaximum }
            return ((x - center) / width + 0.5) * outputMaximum
        case .sigmoid:
            return outputMaximum / (1 + exp(-4 * (x - center) / width))
        }
    }
}
