import Foundation
@testable import DICOM

/// Builds DICOM byte streams by hand, for tests of exact encodings and broken input.
struct Bytes {
    var data: [UInt8] = []
    var bigEndian = false

    init(bigEndian: Bool = false) { self.bigEndian = bigEndian }

    mutating func u16(_ value: UInt16) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { data += $0 }
    }

    mutating func u32(_ value: UInt32) {
        let ordered = bigEndian ? value.bigEndian : value.littleEndian
        withUnsafeBytes(of: ordered) { data += $0 }
    }

    mutating func tag(_ raw: UInt32) {
        u16(UInt16(raw >> 16))
        u16(UInt16(raw & 0xFFFF))
    }

    /// An explicit VR element (short or long length form chosen by the VR).
    mutating func explicit(_ raw: UInt32, _ vr: String, _ value: [UInt8]) {
        tag(raw)
        data += Array(vr.utf8)
        if VR(vr)!.hasLongExplicitLength {
            data += [0, 0]
            u32(UInt32(value.count))
        } else {
            u16(UInt16(value.count))
        }
        data += value
    }

    mutating func explicitText(_ raw: UInt32, _ vr: String, _ text: String) {
        var value = Array(text.utf8)
        if value.count % 2 == 1 { value.append(vr == "UI" ? 0 : 0x20) }
        explicit(raw, vr, value)
    }

    /// An explicit VR header with undefined length (for SQ, UN, OB).
    mutating func explicitUndefined(_ raw: UInt32, _ vr: String) {
        tag(raw)
        data += Array(vr.utf8) + [0, 0]
        u32(0xFFFF_FFFF)
    }

    mutating func implicit(_ raw: UInt32, _ value: [UInt8]) {
        tag(raw)
        u32(UInt32(value.count))
        data += value
    }

    mutating func implicitText(_ raw: UInt32, _ text: String) {
        var value = Array(text.utf8)
        if value.count % 2 == 1 { value.append(0x20) }
        implicit(raw, value)
    }

    mutating func item(length: UInt32 = 0xFFFF_FFFF) { tag(0xFFFE_E000); u32(length) }
    mutating func itemEnd() { tag(0xFFFE_E00D); u32(0) }
    mutating func sequenceEnd() { tag(0xFFFE_E0DD); u32(0) }

    /// A Part-10 file: preamble, DICM and an explicit VR LE meta group naming `syntax`, then `body`.
    static func part10(syntax: String, body: [UInt8]) -> Data {
        var meta = Bytes()
        meta.explicit(0x0002_0001, "OB", [0, 1])
        meta.explicitText(0x0002_0002, "UI", "1.2.840.10008.5.1.4.1.1.7")
        meta.explicitText(0x0002_0003, "UI", "1.2.3.4")
        meta.explicitText(0x0002_0010, "UI", syntax)
        var group = Bytes()
        group.explicit(0x0002_0000, "UL", withUnsafeBytes(of: UInt32(meta.data.count).littleEndian) { Array($0) })
        return Data([UInt8](repeating: 0, count: 128) + Array("DICM".utf8) + group.data + meta.data + body)
    }
}
