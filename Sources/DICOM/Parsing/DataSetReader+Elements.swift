import Foundation

/// The context an element is read in: what the enclosing data sets said about pixel encoding, which
/// the dictionary needs to resolve ambiguous VRs (US or SS, OB or OW) in implicit VR data.
struct ReadContext {
    var explicitVR: Bool
    var depth: Int
    var pixelRepresentation: Int?
    var bitsAllocated: Int?
}

extension DataSetReader {
    /// Reads elements until `end`, a delimiter, or the stop tag. `isItem` is true inside a sequence item.
    mutating func readElements(until end: Int, context inherited: ReadContext,
                               isItem: Bool) throws -> (DataSet, Terminator) {
        var context = inherited
        var elements: [DataElement] = []
        var creators = PrivateCreators()
        var sorted = true
        while position < end {
            guard end - position >= 8 else {
                if isItem { throw error(.truncated, "\(end - position) bytes left where an element header needs 8") }
                warnings.append("\(end - position) trailing bytes after the last element at offset \(position) ignored")
                position = end
                break
            }
            let start = position
            let tag = tag(at: start)
            if tag.group == 0xFFFE {
                position += 8
                switch tag {
                case .itemDelimitation where isItem: return (DataSet(unsorted: elements, sorted: sorted), .itemDelimiter)
                case .sequenceDelimitation where isItem: return (DataSet(unsorted: elements, sorted: sorted), .sequenceDelimiter)
                case .itemDelimitation, .sequenceDelimitation:
                    warnings.append("stray delimiter \(tag) at offset \(start) ignored")
                    continue
                default:
                    throw error(.invalidStructure, "item tag where a data element was expected", tag: tag, at: start)
                }
            }
            if context.depth == 0, stops(before: tag) {
                return (DataSet(unsorted: elements, sorted: sorted), .stopped)
            }
            let element = try readElement(tag: tag, end: end, context: context,
                                          creator: tag.isPrivate ? creators.creator(of: tag) : nil)
            if tag.isPrivateCreator { creators.record(element) }
            if let last = elements.last, last.tag >= tag {
                sorted = false
                warnings.append("element \(tag) at offset \(start) is out of order or repeated")
            }
            switch tag.rawValue {
            case 0x0028_0103: context.pixelRepresentation = element.integers()?.first
            case 0x0028_0100: context.bitsAllocated = element.integers()?.first
            default: break
            }
            elements.append(element)
        }
        return (DataSet(unsorted: elements, sorted: sorted), .end)
    }

    private func stops(before tag: Tag) -> Bool {
        if options.stopBeforePixelData, tag == .pixelData { return true }
        if let stop = options.stopAtTag, tag >= stop { return true }
        return false
    }

    /// Reads one element whose tag is at `position`.
    mutating func readElement(tag: Tag, end: Int, context: ReadContext, creator: String? = nil) throws -> DataElement {
        let start = position
        var vr: VR
        let length: UInt32
        if context.explicitVR, let fileVR = explicitVR(at: start + 4) {
            vr = fileVR
            if vr.hasLongExplicitLength {
                guard end - start >= 12 else { throw error(.truncated, "element header cut off", tag: tag, at: start) }
                length = u32(at: start + 8)
                position = start + 12
            } else {
                length = UInt32(u16(at: start + 6))
                position = start + 8
            }
        } else {
            if context.explicitVR {
                // Not a VR: dcmtk and pydicom accept such elements as implicit VR (a writer's bug).
                warnings.append("element \(tag) at offset \(start) has no valid VR; read as implicit VR")
            }
            vr = Self.knownVR(for: tag, context: context, creator: creator) ?? .UN
            length = u32(at: start + 4)
            position = start + 8
        }
        let valueStart = position
        if length == Self.undefinedLength {
            return try readUndefinedLengthValue(tag: tag, vr: vr, start: start, end: end, context: context)
        }
        let count = Int(length)
        guard count <= end - valueStart else {
            throw error(.invalidLength, "value length \(count) exceeds the \(end - valueStart) bytes left",
                        tag: tag, at: start)
        }
        position = valueStart + count
        if vr == .UN, let known = Self.knownVR(for: tag, context: context, creator: creator), known != .UN {
            vr = known  // pydicom and dcmtk replace UN by the dictionary's VR (public, or private by creator).
        }
        if vr == .SQ {
            return try readDefinedLengthSequence(tag: tag, vr: vr, from: valueStart, count: count, end: end,
                                                 context: context)
        }
        if vr == .UN, Self.looksLikeItem(buffer, at: valueStart, count: count) {
            // A UN value that holds a sequence (CP-246); if it does not parse as one, keep its bytes.
            let saved = warnings
            if let element = try? readDefinedLengthSequence(tag: tag, vr: vr, from: valueStart, count: count,
                                                            end: valueStart + count, context: context) {
                return element
            }
            warnings = saved + ["UN element \(tag) at offset \(start) looks like a sequence but is not one"]
            position = valueStart + count
        }
        return DataElement(tag: tag, vr: vr, value: .bytes(value(from: valueStart, count: count, vr: vr)),
                           valueOffset: fileOffset(valueStart))
    }

    private mutating func readUndefinedLengthValue(tag: Tag, vr: VR, start: Int, end: Int,
                                                   context: ReadContext) throws -> DataElement {
        let valueStart = position
        if tag == .pixelData || vr == .OB || vr == .OW {
            let fragments = try readFragments(end: end, tag: tag)
            return DataElement(tag: tag, vr: vr == .OW ? .OW : .OB, value: .fragments(fragments),
                               valueOffset: fileOffset(valueStart))
        }
        // SQ, or UN / unknown private data of undefined length: a sequence. Under UN its content is
        // implicit VR little endian whatever the transfer syntax (CP-246).
        var itemContext = context
        itemContext.depth += 1
        if vr != .SQ { itemContext.explicitVR = false }
        let items = try vr == .SQ
            ? readItems(end: end, definedEnd: nil, context: itemContext, tag: tag, forceImplicit: false)
            : readImplicitLittleEndianItems(end: end, definedEnd: nil, context: itemContext, tag: tag)
        return DataElement(tag: tag, vr: .SQ, value: .sequence(items), valueOffset: fileOffset(valueStart))
    }

    private mutating func readDefinedLengthSequence(tag: Tag, vr: VR, from valueStart: Int, count: Int, end: Int,
                                                    context: ReadContext) throws -> DataElement {
        var itemContext = context
        itemContext.depth += 1
        if vr != .SQ { itemContext.explicitVR = false }
        position = valueStart
        let items = try vr == .SQ
            ? readItems(end: end, definedEnd: valueStart + count, context: itemContext, tag: tag, forceImplicit: false)
            : readImplicitLittleEndianItems(end: end, definedEnd: valueStart + count, context: itemContext, tag: tag)
        position = max(position, valueStart + count)
        return DataElement(tag: tag, vr: .SQ, value: .sequence(items), valueOffset: fileOffset(valueStart))
    }

    /// Reads the items of a sequence held in a UN element: implicit VR little endian whatever the transfer
    /// syntax, big endian included (CP-246).
    private mutating func readImplicitLittleEndianItems(end: Int, definedEnd: Int?, context: ReadContext,
                                                        tag: Tag) throws -> [DataSet] {
        guard bigEndian else {
            return try readItems(end: end, definedEnd: definedEnd, context: context, tag: tag, forceImplicit: true)
        }
        var inner = DataSetReader(buffer: buffer, storage: storage, position: position, bigEndian: false,
                                  offsetsAreFileOffsets: offsetsAreFileOffsets, options: options)
        defer {
            position = inner.position
            warnings += inner.warnings
        }
        return try inner.readItems(end: end, definedEnd: definedEnd, context: context, tag: tag, forceImplicit: true)
    }

    /// True when `count` bytes at `offset` start with an item tag: a UN value that is really a sequence.
    static func looksLikeItem(_ buffer: UnsafeRawBufferPointer, at offset: Int, count: Int) -> Bool {
        guard count >= 8 else { return false }
        return buffer[offset] == 0xFE && buffer[offset + 1] == 0xFF && buffer[offset + 2] == 0x00
            && buffer[offset + 3] == 0xE0
    }
}

extension DataSet {
    /// Builds from parsed elements, sorting (and keeping the last of duplicate tags) only when needed.
    init(unsorted elements: [DataElement], sorted: Bool) {
        if sorted { self.init(sorted: elements) } else { self.init(elements) }
    }
}
