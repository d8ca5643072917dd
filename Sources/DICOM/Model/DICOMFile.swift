import Foundation

/// A DICOM object as read from (or to be written to) a file: preamble, file meta information and the
/// data set, with the transfer syntax the data set is encoded in.
public struct DICOMFile: Sendable {
    /// The 128-byte preamble, when the file had one.
    public var preamble: Data?
    /// The file meta information group (0002,xxxx), empty for raw data sets.
    public var fileMetaInformation: DataSet
    /// The data set proper.
    public var dataSet: DataSet
    /// The transfer syntax the data set was read in (detected when the meta group did not say).
    public var transferSyntax: TransferSyntax
    /// Defects that were tolerated while reading, each with its place.
    public var warnings: [String]
    /// True when reading stopped early as the options asked (Pixel Data and what follows were not read).
    public var isPartial: Bool

    /// Creates a file from its parts.
    public init(preamble: Data? = nil, fileMetaInformation: DataSet = DataSet(), dataSet: DataSet,
                transferSyntax: TransferSyntax, warnings: [String] = [], isPartial: Bool = false) {
        self.preamble = preamble
        self.fileMetaInformation = fileMetaInformation
        self.dataSet = dataSet
        self.transferSyntax = transferSyntax
        self.warnings = warnings
        self.isPartial = isPartial
    }
}

extension DICOMFile {
    /// Reads a file. Small files are read whole; large ones are memory-mapped so that values (Pixel Data
    /// above all) are only paged in when used.
    public init(contentsOf url: URL, options: ReadOptions = .full) throws {
        try self.init(path: url.path, options: options)
    }

    /// Reads a file from its path.
    public init(path: String, options: ReadOptions = .full) throws {
        let partial = options.stopBeforePixelData || options.stopAtTag != nil
        let data = try FileBytes.load(path, mapAtLeast: options.memoryMapThreshold, preferMapping: partial)
        try self.init(data: data, options: options)
    }
}
