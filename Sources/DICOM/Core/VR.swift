/// A DICOM value representation (PS3.5 §6.2): how a data element's value is encoded.
public enum VR: UInt8, CaseIterable, Sendable, CustomStringConvertible {
    case AE, AS, AT, CS, DA, DS, DT, FD, FL, IS, LO, LT, OB, OD, OF, OL, OV, OW, PN, SH, SL, SQ, SS, ST,
         SV, TM, UC, UI, UL, UN, UR, US, UT, UV

    /// Parses the two ASCII bytes of an explicit VR; `nil` when they name no VR.
    @inlinable public init?(byte0: UInt8, byte1: UInt8) {
        // A perfect-enough switch on the 16-bit code: fast, allocation-free.
        switch UInt16(byte0) << 8 | UInt16(byte1) {
        case 0x4145: self = .AE
        case 0x4153: self = .AS
        case 0x4154: self = .AT
        case 0x4353: self = .CS
        case 0x4441: self = .DA
        case 0x4453: self = .DS
        case 0x4454: self = .DT
        case 0x4644: self = .FD
        case 0x464C: self = .FL
        case 0x4953: self = .IS
        case 0x4C4F: self = .LO
        case 0x4C54: self = .LT
        case 0x4F42: self = .OB
        case 0x4F44: self = .OD
        case 0x4F46: self = .OF
        case 0x4F4C: self = .OL
        case 0x4F56: self = .OV
        case 0x4F57: self = .OW
        case 0x504E: self = .PN
        case 0x5348: self = .SH
        case 0x534C: self = .SL
        case 0x5351: self = .SQ
        case 0x5353: self = .SS
        case 0x5354: self = .ST
        case 0x5356: self = .SV
        case 0x544D: self = .TM
        case 0x5543: self = .UC
        case 0x5549: self = .UI
        case 0x554C: self = .UL
        case 0x554E: self = .UN
        case 0x5552: self = .UR
        case 0x5553: self = .US
        case 0x5554: self = .UT
        case 0x5556: self = .UV
        default: return nil
        }
    }

    /// Parses a VR name such as `"OB"`.
    public init?(_ name: String) {
        let bytes = Array(name.utf8)
        guard bytes.count == 2 else { return nil }
        self.init(byte0: bytes[0], byte1: bytes[1])
    }

    /// The two-letter name.
    public var description: String { VR.names[Int(rawValue)] }

    private static let names = [
        "AE", "AS", "AT", "CS", "DA", "DS", "DT", "FD", "FL", "IS", "LO", "LT", "OB", "OD", "OF", "OL", "OV",
        "OW", "PN", "SH", "SL", "SQ", "SS", "ST", "SV", "TM", "UC", "UI", "UL", "UN", "UR", "US", "UT", "UV",
    ]

    /// The two ASCII bytes written in an explicit VR header.
    public var bytes: (UInt8, UInt8) {
        let utf8 = Array(description.utf8)
        return (utf8[0], utf8[1])
    }

    /// VRs whose explicit-VR header has two reserved bytes and a 32-bit length (PS3.5 Table 7.1-1).
    @inlinable public var hasLongExplicitLength: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .SQ, .SV, .UC, .UN, .UR, .UT, .UV: return true
        default: return false
        }
    }

    /// Size of one binary number in this VR (for byte swapping and value counts); 1 for bytes and text.
    @inlinable public var wordSize: Int {
        switch self {
        case .US, .SS, .OW, .AT: return 2
        case .UL, .SL, .FL, .OF, .OL: return 4
        case .FD, .OD, .SV, .UV, .OV: return 8
        default: return 1
        }
    }

    /// VRs whose value is character text (possibly multi-valued with `\`).
    public var isString: Bool {
        switch self {
        case .AE, .AS, .CS, .DA, .DS, .DT, .IS, .LO, .LT, .PN, .SH, .ST, .TM, .UC, .UI, .UR, .UT: return true
        default: return false
        }
    }

    /// Text VRs whose bytes are decoded with the Specific Character Set (others are plain ASCII).
    public var usesSpecificCharacterSet: Bool {
        switch self {
        case .SH, .LO, .ST, .LT, .UC, .UT, .PN: return true
        default: return false
        }
    }

    /// Text VRs that hold a single value (a backslash is an ordinary character there).
    public var isSingleValuedText: Bool {
        switch self {
        case .LT, .ST, .UT, .UR: return true
        default: return false
        }
    }

    /// Binary VRs whose value is bulk data (byte or word streams) rather than a list of numbers.
    public var isBulk: Bool {
        switch self {
        case .OB, .OD, .OF, .OL, .OV, .OW, .UN: return true
        default: return false
        }
    }

    /// The byte a text value of this VR is padded with to even length (NUL for UI, space otherwise).
    public var paddingByte: UInt8 { (self == .UI || isBulk) ? 0 : 0x20 }
}
