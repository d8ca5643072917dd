import DICOM

/// What the Image Pixel module (PS3.3 C.7.6.3) and the transfer syntax say about a data set's pixels:
/// everything needed to find, decode and interpret one frame.
public struct PixelDescription: Sendable, Equatable {
    /// (0028,0010) Rows.
    public var rows: Int
    /// (0028,0011) Columns.
    public var columns: Int
    /// (0028,0002) Samples per Pixel: 1 (grey, palette) or 3 (colour).
    public var samplesPerPixel: Int
    /// (0028,0100) Bits Allocated: 1, 8, 16 or 32.
    public var bitsAllocated: Int
    /// (0028,0101) Bits Stored, at most Bits Allocated.
    public var bitsStored: Int
    /// (0028,0102) High Bit, from Bits Stored − 1 to Bits Allocated − 1.
    public var highBit: Int
    /// (0028,0103) Pixel Representation: true when samples are two's-complement signed.
    public var isSigned: Bool
    /// (0028,0004) Photometric Interpretation.
    public var photometricInterpretation: PhotometricInterpretation
    /// (0028,0006) Planar Configuration: true when native colour data is stored plane by plane.
    public var isPlanar: Bool
    /// (0028,0008) Number of Frames, 1 when absent.
    public var numberOfFrames: Int
    /// The transfer syntax the pixel data is encoded in.
    public var transferSyntax: TransferSyntax

    /// Creates a description from its values (checked the same way as one read from a data set).
    public init(rows: Int, columns: Int, samplesPerPixel: Int, bitsAllocated: Int, bitsStored: Int, highBit: Int,
                isSigned: Bool, photometricInterpretation: PhotometricInterpretation, isPlanar: Bool = false,
                numberOfFrames: Int = 1, transferSyntax: TransferSyntax = .explicitVRLittleEndian) throws {
        self.rows = rows
        self.columns = columns
        self.samplesPerPixel = samplesPerPixel
        self.bitsAllocated = bitsAllocated
        self.bitsStored = bitsStored
        self.highBit = highBit
        self.isSigned = isSigned
        self.photometricInterpretation = photometricInterpretation
        self.isPlanar = isPlanar
        self.numberOfFrames = numberOfFrames
        self.transferSyntax = transferSyntax
        try validate()
    }

    /// Reads the description from a data set. Missing or inconsistent attributes are errors that name
    /// the attribute; Bits Stored defaults to Bits Allocated, High Bit to Bits Stored − 1, Pixel
    /// Representation and Planar Configuration to 0, Number of Frames to 1, and Samples per Pixel to what
    /// the Photometric Interpretation requires.
    public init(dataSet: DataSet, transferSyntax: TransferSyntax) throws {
        rows = try Self.required(dataSet, .rows, "Rows")
        columns = try Self.required(dataSet, .columns, "Columns")
        bitsAllocated = try Self.required(dataSet, .bitsAllocated, "Bits Allocated")
        guard let name = dataSet.string(ImagingTag.photometricInterpretation) else {
            throw ImagingError(.missingAttribute, "Photometric Interpretation is required to decode pixel data",
                               tag: ImagingTag.photometricInterpretation)
        }
        guard let interpretation = PhotometricInterpretation(rawValue: name.uppercased()) else {
            throw ImagingError(.unsupported, "Photometric Interpretation \"\(name)\" is not supported",
                               tag: ImagingTag.photometricInterpretation)
        }
        photometricInterpretation = interpretation
        samplesPerPixel = try Self.optional(dataSet, .samplesPerPixel, "Samples per Pixel")
            ?? interpretation.samplesPerPixel
        bitsStored = try Self.optional(dataSet, ImagingTag.bitsStored, "Bits Stored") ?? bitsAllocated
        highBit = try Self.optional(dataSet, ImagingTag.highBit, "High Bit") ?? bitsStored - 1
        let representation = try Self.optional(dataSet, .pixelRepresentation, "Pixel Representation") ?? 0
        guard representation == 0 || representation == 1 else {
            throw ImagingError(.invalidAttribute, "Pixel Representation is \(representation), not 0 or 1",
                               tag: .pixelRepresentation)
        }
        isSigned = representation == 1
        let planar = try Self.optional(dataSet, ImagingTag.planarConfiguration, "Planar Configuration") ?? 0
        guard planar == 0 || planar == 1 else {
            throw ImagingError(.invalidAttribute, "Planar Configuration is \(planar), not 0 or 1",
                               tag: ImagingTag.planarConfiguration)
        }
        isPlanar = planar == 1 && samplesPerPixel > 1
        numberOfFrames = try Self.optional(dataSet, .numberOfFrames, "Number of Frames") ?? 1
        self.transferSyntax = transferSyntax
        try validate()
    }

    /// The description of a file's data set, in the file's transfer syntax.
    public init(file: DICOMFile) throws {
        try self.init(dataSet: file.dataSet, transferSyntax: file.transferSyntax)
    }

    /// Pixels in one frame.
    public var pixelsPerFrame: Int { rows * columns }

    /// Bytes of one native (uncompressed) frame; 1-bit frames are counted in bits, rounded up, and
    /// YBR_FULL_422 frames hold two samples per pixel.
    public var nativeFrameLength: Int {
        let samples = photometricInterpretation == .ybrFull422 ? pixelsPerFrame * 2 : pixelsPerFrame * samplesPerPixel
        return bitsAllocated == 1 ? (samples + 7) / 8 : samples * (bitsAllocated / 8)
    }

    private func validate() throws {
        guard rows >= 1 else { throw ImagingError(.invalidAttribute, "Rows is \(rows)", tag: .rows) }
        guard columns >= 1 else { throw ImagingError(.invalidAttribute, "Columns is \(columns)", tag: .columns) }
        guard [1, 8, 16, 32].contains(bitsAllocated) else {
            throw ImagingError(.unsupported, "Bits Allocated \(bitsAllocated) is not 1, 8, 16 or 32", tag: .bitsAllocated)
        }
        guard bitsStored >= 1, bitsStored <= bitsAllocated else {
            throw ImagingError(.invalidAttribute, "Bits Stored \(bitsStored) is not within 1…\(bitsAllocated) (Bits Allocated)",
                               tag: ImagingTag.bitsStored)
        }
        guard highBit >= bitsStored - 1, highBit < bitsAllocated else {
            throw ImagingError(.invalidAttribute,
                               "High Bit \(highBit) does not fit Bits Stored \(bitsStored) in Bits Allocated \(bitsAllocated)",
                               tag: ImagingTag.highBit)
        }
        guard samplesPerPixel == photometricInterpretation.samplesPerPixel else {
            throw ImagingError(.invalidAttribute,
                               "Samples per Pixel is \(samplesPerPixel) but \(photometricInterpretation.rawValue) needs \(photometricInterpretation.samplesPerPixel)",
                               tag: .samplesPerPixel)
        }
        guard numberOfFrames >= 1 else {
            throw ImagingError(.invalidAttribute, "Number of Frames is \(numberOfFrames)", tag: .numberOfFrames)
        }
    }

    private static func optional(_ dataSet: DataSet, _ tag: Tag, _ name: String) throws -> Int? {
        guard let element = dataSet[tag], let bytes = element.bytes, !bytes.isEmpty else { return nil }
        if element.vr.isString, element.strings()?.allSatisfy(\.isEmpty) ?? true { return nil }
        guard let value = element.integers()?.first else {
            let text = element.strings()?.joined(separator: "\\") ?? "\(bytes.count) bytes"
            throw ImagingError(.invalidAttribute, "\(name) \"\(text)\" is not an integer", tag: tag)
        }
        return value
    }

    private static func required(_ dataSet: DataSet, _ tag: Tag, _ name: String) throws -> Int {
        guard let value = try optional(dataSet, tag, name) else {
            throw ImagingError(.missingAttribute, "\(name) is required to decode pixel data", tag: tag)
        }
        return value
    }
}
