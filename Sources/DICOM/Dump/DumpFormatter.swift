import Foundation

/// A dcmdump-like text listing of a file: one line per element, nested items indented, values shown as
/// decoded text or numbers, long binary values abbreviated.
///
/// The listing is built as UTF-8 bytes (no per-character `String` work), because `dump` of thousands of
/// files spends its time here.
public struct DumpFormatter: Sendable {
    /// The most bytes of a value shown before it is cut with `...`.
    public var maximumValueWidth: Int

    /// Creates a formatter.
    public init(maximumValueWidth: Int = 64) { self.maximumValueWidth = maximumValueWidth }

    /// The whole listing of a file, meta group first.
    public func format(_ file: DICOMFile) -> String {
        String(decoding: formatBytes(file), as: UTF8.self)
    }

    /// The whole listing as UTF-8 bytes.
    public func formatBytes(_ file: DICOMFile) -> [UInt8] {
        var out = DumpWriter(capacity: 8192, maximumValueWidth: maximumValueWidth)
        out.text("# Dicom-File-Format\n\n# Dicom-Meta-Information-Header\n# Used TransferSyntax: Little Endian Explicit\n")
        out.dataSet(file.fileMetaInformation, characterSet: .default, depth: 0)
        out.text("\n# Dicom-Data-Set\n# Used TransferSyntax: \(file.transferSyntax.name)\n")
        out.dataSet(file.dataSet, characterSet: .default, depth: 0)
        if file.isPartial { out.text("# (reading stopped before Pixel Data)\n") }
        return out.bytes
    }

    /// The listing of one data set at a nesting depth (for an attribute view of a single instance).
    public func format(_ dataSet: DataSet, characterSet: SpecificCharacterSet = .default, depth: Int = 0) -> String {
        var out = DumpWriter(capacity: 4096, maximumValueWidth: maximumValueWidth)
        out.dataSet(dataSet, characterSet: characterSet, depth: depth)
        return String(decoding: out.bytes, as: UTF8.self)
    }
}
