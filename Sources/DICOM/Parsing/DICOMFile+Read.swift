import Foundation

extension DICOMFile {
    /// Parses Part-10 bytes: with or without the 128-byte preamble and `DICM`, with or without a file
    /// meta group. With no transfer syntax in the meta group the encoding is inferred from the first data
    /// element, as dcmtk does.
    public init(data: Data, options: ReadOptions = .full) throws {
        guard !data.isEmpty else { throw DICOMError(.notDICOM, "the file is empty", offset: 0) }
        self = try data.withUnsafeBytes { raw in try Self.parse(raw, storage: data, options: options) }
    }

    private static func parse(_ raw: UnsafeRawBufferPointer, storage: Data, options: ReadOptions) throws -> DICOMFile {
        var warnings: [String] = []
        var position = 0
        var preamble: Data?
        if raw.count >= 132, Self.isMagic(raw, at: 128) {
            preamble = storage[storage.startIndex..<(storage.startIndex + 128)]
            position = 132
        } else if raw.count >= 4, Self.isMagic(raw, at: 0) {
            position = 4
            warnings.append("file starts with DICM but has no preamble")
        }
        let hasMagic = position > 0

        // File meta information: always explicit VR little endian; read up to the first non-0002 tag.
        var metaReader = DataSetReader(buffer: raw, storage: storage, position: position, bigEndian: false,
                                       offsetsAreFileOffsets: true, options: ReadOptions())
        var meta = DataSet()
        if raw.count - position >= 8, metaReader.u16(at: position) == 0x0002 {
            meta = try readMeta(&metaReader, explicit: metaReader.explicitVR(at: position + 4) != nil)
            warnings += metaReader.warnings
            position = metaReader.position
        } else if hasMagic {
            warnings.append("no file meta information group after DICM")
        }

        let declared = meta.string(.transferSyntaxUID).map(TransferSyntax.lookup)
        if let declared, !declared.isKnown {
            warnings.append("unknown transfer syntax \(declared.uid): read as explicit VR little endian")
        }
        if position >= raw.count {
            guard !meta.isEmpty else { throw DICOMError(.notDICOM, "no data elements", offset: position) }
            return DICOMFile(preamble: preamble, fileMetaInformation: meta, dataSet: DataSet(),
                             transferSyntax: declared ?? .explicitVRLittleEndian, warnings: warnings)
        }
        if let declared, declared.isDeflated {
            let inflated = try Inflate.inflate(UnsafeRawBufferPointer(rebasing: raw[position...]), at: position)
            var file = try inflated.withUnsafeBytes { inflatedRaw in
                try readDataSet(inflatedRaw, storage: inflated, at: 0, syntax: declared, fileOffsets: false,
                                options: options)
            }
            file.preamble = preamble
            file.fileMetaInformation = meta
            file.warnings = warnings + file.warnings
            return file
        }
        if !hasMagic, meta.isEmpty, raw.count - position < 8 {
            throw DICOMError(.notDICOM, "\(raw.count) bytes: too short to hold a DICOM element, and no DICM magic", offset: 0)
        }
        let syntax = try detectSyntax(raw, at: position, declared: declared, hasMeta: !meta.isEmpty,
                                      warnings: &warnings)
        var file = try readDataSet(raw, storage: storage, at: position, syntax: syntax, fileOffsets: true,
                                   options: options)
        file.preamble = preamble
        file.fileMetaInformation = meta
        file.warnings = warnings + file.warnings
        return file
    }

    private static func isMagic(_ raw: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        raw[offset] == 0x44 && raw[offset + 1] == 0x49 && raw[offset + 2] == 0x43 && raw[offset + 3] == 0x4D
    }

    private static func readMeta(_ reader: inout DataSetReader, explicit: Bool) throws -> DataSet {
        var elements: [DataElement] = []
        let context = ReadContext(explicitVR: explicit, depth: 0)
        if !explicit { reader.warnings.append("file meta information is implicit VR (it must be explicit)") }
        while reader.buffer.count - reader.position >= 8, reader.u16(at: reader.position) == 0x0002 {
            let tag = reader.tag(at: reader.position)
            elements.append(try reader.readElement(tag: tag, end: reader.buffer.count, context: context))
        }
        let meta = DataSet(elements)
        if let groupLength = meta.int(.fileMetaInformationGroupLength),
           let lengthOffset = meta[.fileMetaInformationGroupLength]?.valueOffset {
            let measured = reader.position - (lengthOffset + 4)
            if groupLength != measured {
                reader.warnings.append("file meta group length says \(groupLength) but the group is \(measured) bytes")
            }
        }
        return meta
    }

    /// Chooses the encoding of the data set: the declared one, unless the first element plainly says
    /// otherwise (a common writer bug), or, with none declared, the one the first element shows.
    private static func detectSyntax(_ raw: UnsafeRawBufferPointer, at position: Int, declared: TransferSyntax?,
                                     hasMeta: Bool, warnings: inout [String]) throws -> TransferSyntax {
        guard raw.count - position >= 8 else {
            throw DICOMError(.truncated, "only \(raw.count - position) bytes after the file meta group", offset: position)
        }
        let groupLE = UInt16(raw[position]) | UInt16(raw[position + 1]) << 8
        let groupBE = UInt16(raw[position]) << 8 | UInt16(raw[position + 1])
        let elementLE = UInt16(raw[position + 2]) | UInt16(raw[position + 3]) << 8
        let elementBE = UInt16(raw[position + 2]) << 8 | UInt16(raw[position + 3])
        let hasVR = VR(byte0: raw[position + 4], byte1: raw[position + 5]) != nil
        let tagLE = Tag(group: groupLE, element: elementLE)
        let tagBE = Tag(group: groupBE, element: elementBE)
        let knownLE = DataDictionary.entry(for: tagLE) != nil
        let knownBE = DataDictionary.entry(for: tagBE) != nil
        // Switch away from the declared (or default, little) byte order only when the other reading names
        // a known tag and this one does not.
        let expectBig = declared?.isBigEndian ?? false
        let bigEndian = (expectBig ? (!knownBE && knownLE) : (!knownLE && knownBE)) ? !expectBig : expectBig
        let found: TransferSyntax = hasVR
            ? (bigEndian ? .explicitVRBigEndian : .explicitVRLittleEndian) : .implicitVRLittleEndian
        if let declared {
            if declared.isExplicitVR == hasVR, declared.isBigEndian == bigEndian { return declared }
            warnings.append("transfer syntax says \(declared.name) but the data set is \(found.name)")
            // Keep the declared codec (compressed pixel data stays identified); take the encoding found.
            return declared.isEncapsulated ? declared.withEncoding(explicitVR: hasVR, bigEndian: bigEndian) : found
        }
        if !hasMeta {
            // A raw data set: accept it only if its first tag is one the dictionary knows.
            let tag = bigEndian ? tagBE : tagLE
            guard tag.group <= 0x0100, tag.group % 2 == 0, DataDictionary.entry(for: tag) != nil else {
                throw DICOMError(.notDICOM, "no DICM magic, no file meta group, and the first bytes are not a DICOM element",
                                 offset: position)
            }
        }
        warnings.append("no transfer syntax in the file meta group: read as \(found.name)")
        return found
    }

    private static func readDataSet(_ raw: UnsafeRawBufferPointer, storage: Data, at position: Int,
                                    syntax: TransferSyntax, fileOffsets: Bool, options: ReadOptions) throws -> DICOMFile {
        var reader = DataSetReader(buffer: raw, storage: storage, position: position, bigEndian: syntax.isBigEndian,
                                   offsetsAreFileOffsets: fileOffsets, options: options)
        let context = ReadContext(explicitVR: syntax.isExplicitVR, depth: 0)
        let (dataSet, terminator) = try reader.readElements(until: raw.count, context: context, isItem: false)
        return DICOMFile(dataSet: dataSet, transferSyntax: syntax, warnings: reader.warnings,
                         isPartial: terminator == .stopped)
    }
}
