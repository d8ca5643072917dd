import Foundation

/// Encodes data sets in one transfer syntax's element encoding (explicit or implicit VR, byte order).
/// Sequences and items are written with undefined length, so nothing has to be measured first; group
/// length elements other than the meta group's are dropped (they are retired and often wrong).
struct DataSetWriter {
    let explicitVR: Bool
    let bigEndian: Bool
    /// Whether Pixel Data may be written as fragments (encapsulated syntaxes) or must be native.
    let encapsulated: Bool
    let syntaxName: String
    private(set) var output: [UInt8] = []

    init(explicitVR: Bool, bigEndian: Bool, encapsulated: Bool, syntaxName: String, capacity: Int = 4096) {
        self.explicitVR = explicitVR
        self.bigEndian = bigEndian
        self.encapsulated = encapsulated
        self.syntaxName = syntaxName
        output.reserveCapacity(capacity)
    }

    init(syntax: TransferSyntax, capacity: Int = 4096) {
        self.init(explicitVR: syntax.isExplicitVR, bigEndian: syntax.isBigEndian,
                  encapsulated: syntax.isEncapsulated, syntaxName: syntax.name, capacity: capacity)
    }

    mutating func write(_ dataSet: DataSet, keepGroupLengths: Bool = false) throws {
        for element in dataSet.elements where keepGroupLengths || !element.tag.isGroupLength {
            try write(element)
        }
    }

    mutating func write(_ element: DataElement) throws {
        switch element.value {
        case .bytes(let data):
            let padded = data.count % 2 == 1
            let length = data.count + (padded ? 1 : 0)
            try header(element.tag, vr: element.vr, length: UInt32(exactly: length) ?? 0, byteCount: length)
            append(data, vr: element.vr)
            if padded { output.append(element.vr.paddingByte) }
        case .sequence(let items):
            try header(element.tag, vr: .SQ, length: DataSetReader.undefinedLength, byteCount: nil)
            for item in items {
                delimiter(.item, length: DataSetReader.undefinedLength)
                try write(item)
                delimiter(.itemDelimitation, length: 0)
            }
            delimiter(.sequenceDelimitation, length: 0)
        case .fragments(let pixels):
            guard encapsulated else {
                throw DICOMError(.unsupported,
                                 "Pixel Data is compressed; it must be decoded before writing as \(syntaxName)",
                                 tag: element.tag)
            }
            try header(element.tag, vr: .OB, length: DataSetReader.undefinedLength, byteCount: nil)
            for fragment in [pixels.basicOffsetTable] + pixels.fragments {
                let padded = fragment.count % 2 == 1
                delimiter(.item, length: UInt32(fragment.count + (padded ? 1 : 0)))
                output.append(contentsOf: fragment)
                if padded { output.append(0) }
            }
            delimiter(.sequenceDelimitation, length: 0)
        }
    }

    private mutating func header(_ tag: Tag, vr: VR, length: UInt32, byteCount: Int?) throws {
        if let byteCount, byteCount > Int(UInt32.max - 1) {
            throw DICOMError(.invalidValue, "value of \(byteCount) bytes is too long for a DICOM length", tag: tag)
        }
        put16(tag.group)
        put16(tag.element)
        guard explicitVR else {
            put32(length)
            return
        }
        let (first, second) = vr.bytes
        output.append(first)
        output.append(second)
        if vr.hasLongExplicitLength {
            output.append(0)
            output.append(0)
            put32(length)
        } else {
            guard length <= 0xFFFE else {
                throw DICOMError(.invalidValue, "a \(vr) value of \(length) bytes does not fit the 16-bit length of explicit VR",
                                 tag: tag)
            }
            put16(UInt16(length))
        }
    }

    private mutating func delimiter(_ tag: Tag, length: UInt32) {
        put16(tag.group)
        put16(tag.element)
        put32(length)
    }

    private mutating func append(_ data: Data, vr: VR) {
        let start = output.count
        output.append(contentsOf: data)
        guard bigEndian, vr.wordSize > 1 else { return }
        let size = vr.wordSize
        output.withUnsafeMutableBufferPointer { buffer in
            var index = start
            while index + size <= buffer.count {
                var low = index, high = index + size - 1
                while low < high { buffer.swapAt(low, high); low += 1; high -= 1 }
                index += size
            }
        }
    }

    private mutating func put16(_ value: UInt16) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { output.append(contentsOf: $0) }
    }

    private mutating func put32(_ value: UInt32) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { output.append(contentsOf: $0) }
    }
}
