/// The samples of one decoded frame, in the narrowest integer type that holds them.
public enum SampleArray: Sendable, Equatable {
    /// Unsigned samples of up to 8 bits.
    case uint8([UInt8])
    /// Signed samples of up to 8 bits.
    case int8([Int8])
    /// Unsigned samples of 9 to 16 bits.
    case uint16([UInt16])
    /// Signed samples of 9 to 16 bits.
    case int16([Int16])
    /// Unsigned samples of 17 to 32 bits.
    case uint32([UInt32])
    /// Signed samples of 17 to 32 bits.
    case int32([Int32])

    /// The number of samples.
    public var count: Int {
        switch self {
        case .uint8(let values): values.count
        case .int8(let values): values.count
        case .uint16(let values): values.count
        case .int16(let values): values.count
        case .uint32(let values): values.count
        case .int32(let values): values.count
        }
    }

    /// The sample at `index`, widened.
    public subscript(index: Int) -> Int {
        switch self {
        case .uint8(let values): Int(values[index])
        case .int8(let values): Int(values[index])
        case .uint16(let values): Int(values[index])
        case .int16(let values): Int(values[index])
        case .uint32(let values): Int(values[index])
        case .int32(let values): Int(values[index])
        }
    }

    /// Every sample, widened (convenient for tests and small images; rendering works on the typed arrays).
    public var integers: [Int] {
        switch self {
        case .uint8(let values): values.map(Int.init)
        case .int8(let values): values.map(Int.init)
        case .uint16(let values): values.map(Int.init)
        case .int16(let values): values.map(Int.init)
        case .uint32(let values): values.map(Int.init)
        case .int32(let values): values.map(Int.init)
        }
    }

    /// Narrows widened samples of `bits` significant bits into the matching array type.
    init(_ values: [Int], bits: Int, signed: Bool) {
        switch (bits, signed) {
        case (...8, false): self = .uint8(values.map { UInt8(truncatingIfNeeded: $0) })
        case (...8, true): self = .int8(values.map { Int8(truncatingIfNeeded: $0) })
        case (...16, false): self = .uint16(values.map { UInt16(truncatingIfNeeded: $0) })
        case (...16, true): self = .int16(values.map { Int16(truncatingIfNeeded: $0) })
        case (_, false): self = .uint32(values.map { UInt32(truncatingIfNeeded: $0) })
        case (_, true): self = .int32(values.map { Int32(truncatingIfNeeded: $0) })
        }
    }
}

/// One frame after decoding: integer samples, pixel-interleaved (R G B R G B … for colour), with the
/// photometric interpretation the samples now have (a JPEG decoder's YCbCr output is already RGB, and
/// YBR_FULL_422 native data is upsampled to YBR_FULL).
public struct DecodedFrame: Sendable, Equatable {
    /// Rows of pixels.
    public var rows: Int
    /// Columns of pixels.
    public var columns: Int
    /// Samples per pixel: 1 or 3.
    public var samplesPerPixel: Int
    /// Significant bits of each sample (Bits Stored, or the codestream's precision).
    public var bitsStored: Int
    /// True when samples are signed.
    public var isSigned: Bool
    /// What the samples mean now.
    public var photometricInterpretation: PhotometricInterpretation
    /// rows × columns × samplesPerPixel samples, row by row, pixel-interleaved.
    public var samples: SampleArray

    /// Creates a frame; the sample count must be rows × columns × samplesPerPixel.
    public init(rows: Int, columns: Int, samplesPerPixel: Int, bitsStored: Int, isSigned: Bool,
                photometricInterpretation: PhotometricInterpretation, samples: SampleArray) {
        precondition(samples.count == rows * columns * samplesPerPixel, "sample count does not match the frame size")
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bitsStored = bitsStored
        self.isSigned = isSigned
        self.photometricInterpretation = photometricInterpretation
        self.samples = samples
    }

    /// The smallest and largest value a sample of this precision and signedness can hold.
    public var representableRange: ClosedRange<Int> {
        isSigned ? -(1 << (bitsStored - 1))...((1 << (bitsStored - 1)) - 1) : 0...((1 << bitsStored) - 1)
    }
}
