import Foundation

extension DataSetReader {
    /// Reads sequence items until a sequence delimiter (undefined length) or `definedEnd`.
    mutating func readItems(end: Int, definedEnd: Int?, context: ReadContext, tag: Tag,
                            forceImplicit: Bool) throws -> [DataSet] {
        guard context.depth <= options.maximumDepth else {
            throw error(.tooDeep, "sequences nested deeper than \(options.maximumDepth) levels", tag: tag)
        }
        let limit = definedEnd ?? end
        var items: [DataSet] = []
        while position < limit {
            guard limit - position >= 8 else {
                throw error(.truncated, "sequence cut off inside an item header", tag: tag)
            }
            let itemStart = position
            let itemTag = self.tag(at: itemStart)
            let length = u32(at: itemStart + 4)
            position += 8
            switch itemTag {
            case .sequenceDelimitation:
                return items
            case .itemDelimitation:
                warnings.append("stray item delimiter in sequence \(tag) at offset \(itemStart) ignored")
                continue
            case .item:
                break
            default:
                throw error(.invalidStructure, "expected an item (FFFE,E000) in sequence \(tag), found \(itemTag)",
                            tag: tag, at: itemStart)
            }
            var itemContext = context
            if !forceImplicit { itemContext.explicitVR = detectExplicitVR(at: position, default: context.explicitVR) }
            if length == Self.undefinedLength {
                let (item, terminator) = try readElements(until: limit, context: itemContext, isItem: true)
                items.append(item)
                switch terminator {
                case .sequenceDelimiter:
                    warnings.append("sequence \(tag) ended inside an item at offset \(position - 8)")
                    return items
                case .end where definedEnd == nil:
                    warnings.append("sequence \(tag) has no delimiter before the end of the data")
                    return items
                default: continue
                }
            }
            var itemLength = Int(length)
            if itemLength > end - position {
                // An item is a container: dcmtk and pydicom read its elements up to the end of the data.
                warnings.append("item at offset \(itemStart) claims \(itemLength) bytes but only \(end - position) remain")
                itemLength = end - position
            }
            let overrunsSequence = itemLength > limit - position
            if overrunsSequence {
                // dcmtk reads such an item to its own length (a writer miscounted the sequence length).
                warnings.append("item at offset \(itemStart) runs past the length of sequence \(tag)")
            }
            let itemEnd = position + itemLength
            let (item, terminator) = try readElements(until: itemEnd, context: itemContext, isItem: true)
            items.append(item)
            if terminator == .sequenceDelimiter { return items }
            position = itemEnd
            if overrunsSequence { return items }
        }
        if definedEnd == nil {
            warnings.append("sequence \(tag) has no delimiter before the end of the data")
        }
        return items
    }

    /// Inside an item, whether the content is explicit VR: pydicom's and GDCM's rule for implicit private
    /// sequences in explicit files (PS3.5 §6.2.2 note), and for explicit items in implicit data sets.
    func detectExplicitVR(at offset: Int, default explicit: Bool) -> Bool {
        guard offset + 6 <= buffer.count else { return explicit }
        let first = tag(at: offset)
        if first.group == 0xFFFE { return explicit }
        guard let vr = explicitVR(at: offset + 4) else { return false }
        if explicit { return true }
        // Implicit data: two letters could be a length's low bytes; switch only if they name the VR the
        // dictionary expects for this tag.
        return DataDictionary.vrs(for: first)?.contains(vr) ?? false
    }

    /// Reads encapsulated pixel data: the Basic Offset Table item, fragments, and the sequence delimiter.
    /// A missing delimiter at the end of the data is tolerated (files from some Siemens systems).
    mutating func readFragments(end: Int, tag: Tag) throws -> EncapsulatedPixelData {
        var offsetTable: Data?
        var fragments: [Data] = []
        while true {
            guard end - position >= 8 else {
                if end - position > 0 {
                    throw error(.truncated, "encapsulated pixel data cut off inside an item header", tag: tag)
                }
                warnings.append("encapsulated pixel data has no sequence delimiter before the end of the data")
                break
            }
            let itemStart = position
            let itemTag = self.tag(at: itemStart)
            let length = u32(at: itemStart + 4)
            position += 8
            if itemTag == .sequenceDelimitation { break }
            guard itemTag == .item else {
                throw error(.invalidStructure, "expected a fragment item (FFFE,E000), found \(itemTag)",
                            tag: tag, at: itemStart)
            }
            guard length != Self.undefinedLength, Int(length) <= end - position else {
                throw error(.invalidLength, "fragment length \(length) exceeds the \(end - position) bytes left",
                            tag: tag, at: itemStart)
            }
            let lower = storage.startIndex + position
            let bytes = storage[lower..<(lower + Int(length))]
            position += Int(length)
            if offsetTable == nil { offsetTable = bytes } else { fragments.append(bytes) }
        }
        return EncapsulatedPixelData(basicOffsetTable: offsetTable ?? Data(), fragments: fragments)
    }

    // MARK: VRs of implicit data

    /// The dictionary's VR for a tag, with ambiguous entries resolved as pydicom and dcmtk resolve them:
    /// group lengths UL, private creators LO, private elements by their creator's private dictionary.
    static func knownVR(for tag: Tag, context: ReadContext, creator: String? = nil) -> VR? {
        if tag.isGroupLength { return .UL }
        if tag.isPrivateCreator { return .LO }
        let found: ArraySlice<VR>?
        if tag.isPrivate {
            guard let creator else { return nil }
            found = PrivateDictionary.vrs(creator: creator, tag: tag)
        } else {
            found = DataDictionary.vrs(for: tag)
        }
        guard let vrs = found, let first = vrs.first else { return nil }
        if vrs.count == 1 { return first }
        if vrs.contains(.OB), vrs.contains(.OW) {
            // Pixel Data and friends: implicit VR little endian always encodes them as OW (PS3.5 §A.1).
            return context.explicitVR && (context.bitsAllocated ?? 16) <= 8 ? .OB : .OW
        }
        if vrs.contains(.US), vrs.contains(.SS) {
            if vrs.contains(.OW), tag.element == 0x3006 { return .OW }  // LUT Data
            return context.pixelRepresentation == 1 ? .SS : .US
        }
        return first
    }
}

/// The private creators of one data set level: (gggg,00xx) reserves block xx of group gggg.
struct PrivateCreators {
    private var entries: [(key: UInt32, creator: String)] = []

    mutating func record(_ element: DataElement) {
        guard let bytes = element.bytes else { return }
        let creator = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespaces.union(["\0"]))
        let key = UInt32(element.tag.group) << 8 | UInt32(element.tag.element & 0xFF)
        entries.removeAll { $0.key == key }
        entries.append((key, creator))
    }

    /// The creator of the block a private data element (gggg,xxee) belongs to.
    func creator(of tag: Tag) -> String? {
        guard !entries.isEmpty, tag.element >= 0x1000 else { return nil }
        let key = UInt32(tag.group) << 8 | UInt32(tag.element >> 8)
        return entries.last { $0.key == key }?.creator
    }
}
