import Foundation

extension EncapsulatedPixelData {
    /// The fragments that make up each frame (PS3.5 §A.4), found the way pydicom and dcmtk find them:
    /// the Extended Offset Table when given, else the Basic Offset Table, else one frame is every fragment,
    /// as many fragments as frames is one each, and otherwise frames end at a JPEG/JPEG 2000 end marker.
    /// - Parameters:
    ///   - numberOfFrames: (0028,0008), 1 when absent.
    ///   - extendedOffsets: (7FE0,0001) decoded, when present.
    public func frameFragments(numberOfFrames: Int, extendedOffsets: [UInt64]? = nil) throws -> [[Data]] {
        guard numberOfFrames >= 1 else {
            throw DICOMError(.invalidValue, "Number of Frames is \(numberOfFrames)", tag: .numberOfFrames)
        }
        if fragments.isEmpty {
            throw DICOMError(.invalidStructure, "encapsulated Pixel Data has no fragments", tag: .pixelData)
        }
        if let extendedOffsets, !extendedOffsets.isEmpty {
            return try split(atOffsets: extendedOffsets, numberOfFrames: numberOfFrames, table: "Extended Offset Table")
        }
        let basic = offsets
        if !basic.isEmpty {
            return try split(atOffsets: basic.map(UInt64.init), numberOfFrames: numberOfFrames, table: "Basic Offset Table")
        }
        if numberOfFrames == 1 { return [fragments] }
        if fragments.count == numberOfFrames { return fragments.map { [$0] } }
        var frames: [[Data]] = []
        var current: [Data] = []
        for fragment in fragments {
            current.append(fragment)
            if Self.endsWithEndOfImage(fragment) {
                frames.append(current)
                current = []
            }
        }
        if !current.isEmpty { frames.append(current) }
        guard frames.count == numberOfFrames else {
            throw DICOMError(.invalidStructure,
                             "cannot tell \(numberOfFrames) frames apart in \(fragments.count) fragments without an offset table",
                             tag: .pixelData)
        }
        return frames
    }

    /// One frame's bytes (its fragments joined), frames numbered from 0.
    public func frame(_ index: Int, numberOfFrames: Int, extendedOffsets: [UInt64]? = nil) throws -> Data {
        let frames = try frameFragments(numberOfFrames: numberOfFrames, extendedOffsets: extendedOffsets)
        guard frames.indices.contains(index) else {
            throw DICOMError(.invalidValue, "frame \(index + 1) asked of \(frames.count)", tag: .pixelData)
        }
        let parts = frames[index]
        if parts.count == 1 { return parts[0] }
        var joined = Data(capacity: parts.reduce(0) { $0 + $1.count })
        for part in parts { joined.append(part) }
        return joined
    }

    /// Maps table offsets (from the first fragment's item tag) to fragment indexes.
    private func split(atOffsets offsets: [UInt64], numberOfFrames: Int, table: String) throws -> [[Data]] {
        var starts: [UInt64: Int] = [:]
        var position: UInt64 = 0
        for (index, fragment) in fragments.enumerated() {
            starts[position] = index
            position += 8 + UInt64(fragment.count + fragment.count % 2)
        }
        var indexes: [Int] = []
        for offset in offsets {
            guard let index = starts[offset], indexes.last.map({ index > $0 }) ?? true else {
                throw DICOMError(.invalidStructure, "\(table) offset \(offset) is not the start of a fragment in order",
                                 tag: .pixelData)
            }
            indexes.append(index)
        }
        guard indexes.count == numberOfFrames else {
            throw DICOMError(.invalidStructure, "\(table) has \(indexes.count) entries for \(numberOfFrames) frames",
                             tag: .pixelData)
        }
        return indexes.enumerated().map { position, start in
            let end = position + 1 < indexes.count ? indexes[position + 1] : fragments.count
            return Array(fragments[start..<end])
        }
    }

    /// True when a fragment ends with FF D9 (JPEG EOI, JPEG 2000 EOC), possibly followed by one pad byte.
    static func endsWithEndOfImage(_ fragment: Data) -> Bool {
        let bytes = fragment.suffix(3)
        let tail = [UInt8](bytes)
        if tail.count >= 2, tail[tail.count - 2] == 0xFF, tail[tail.count - 1] == 0xD9 { return true }
        return tail.count == 3 && tail[0] == 0xFF && tail[1] == 0xD9 && tail[2] == 0x00
    }
}
