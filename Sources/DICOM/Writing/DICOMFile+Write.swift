import Foundation

extension DICOMFile {
    /// This implementation's class UID, written in (0002,0012) of every file it writes.
    public static let implementationClassUID = "2.25.7240596344349566754704610125350120213"
    /// This implementation's version name, written in (0002,0013).
    public static let implementationVersionName = "DICOMCONSOLE_1"

    /// Encodes the file as Part 10: preamble, `DICM`, a fresh file meta group and the data set in
    /// `syntax` (by default the syntax it was read in). Native syntaxes need native Pixel Data;
    /// encapsulated ones keep the fragments as they are.
    public func encoded(as syntax: TransferSyntax? = nil) throws -> Data {
        let target = syntax ?? (transferSyntax.isKnown ? transferSyntax : .explicitVRLittleEndian)
        var body = DataSetWriter(syntax: target, capacity: 4096)
        try body.write(dataSet)
        var bodyBytes = body.output
        if target.isDeflated { bodyBytes = try Deflate.deflate(bodyBytes) }

        var meta = DataSetWriter(syntax: .explicitVRLittleEndian, capacity: 256)
        try meta.write(fileMetaGroup(for: target), keepGroupLengths: true)
        var out = Data(capacity: 132 + meta.output.count + bodyBytes.count)
        if let preamble, preamble.count == 128 { out.append(preamble) } else { out.append(Data(count: 128)) }
        out.append(contentsOf: Array("DICM".utf8))
        out.append(contentsOf: meta.output)
        out.append(contentsOf: bodyBytes)
        return out
    }

    /// Writes the file atomically (a temporary file renamed over the destination).
    public func write(to url: URL, as syntax: TransferSyntax? = nil) throws {
        let bytes = try encoded(as: syntax)
        do { try bytes.write(to: url, options: .atomic) } catch {
            throw DICOMError(.io, "cannot write \(url.path): \(error.localizedDescription)")
        }
    }

    /// The file meta group for writing in `syntax`: version, SOP class and instance from the data set,
    /// the transfer syntax, our implementation identity, other meta elements kept, group length computed.
    public func fileMetaGroup(for syntax: TransferSyntax) throws -> DataSet {
        var meta = DataSet()
        for element in fileMetaInformation.elements where ![0x0000, 0x0001, 0x0010, 0x0012, 0x0013].contains(element.tag.element) {
            meta.set(element)
        }
        meta.set(DataElement(tag: .fileMetaInformationVersion, vr: .OB, bytes: Data([0, 1])))
        let sopClass = dataSet.string(.sopClassUID) ?? fileMetaInformation.string(.mediaStorageSOPClassUID)
        let sopInstance = dataSet.string(.sopInstanceUID) ?? fileMetaInformation.string(.mediaStorageSOPInstanceUID)
        if let sopClass { meta.set(.text(.mediaStorageSOPClassUID, .UI, sopClass)) }
        if let sopInstance { meta.set(.text(.mediaStorageSOPInstanceUID, .UI, sopInstance)) }
        meta.set(.text(.transferSyntaxUID, .UI, syntax.uid))
        meta.set(.text(.implementationClassUID, .UI, Self.implementationClassUID))
        meta.set(.text(.implementationVersionName, .SH, Self.implementationVersionName))
        var measure = DataSetWriter(syntax: .explicitVRLittleEndian)
        try measure.write(meta)
        var length = Data(count: 4)
        length.withUnsafeMutableBytes { $0.storeBytes(of: UInt32(measure.output.count).littleEndian, as: UInt32.self) }
        meta.set(DataElement(tag: .fileMetaInformationGroupLength, vr: .UL, bytes: length))
        return meta
    }
}

extension DataElement {
    /// A text element from one ASCII/UTF-8 value (padding is added when written).
    public static func text(_ tag: Tag, _ vr: VR, _ value: String) -> DataElement {
        DataElement(tag: tag, vr: vr, bytes: Data(value.utf8))
    }
}
