/// How a data set is encoded after the file meta group: VR explicitness, byte order, deflation, and whether
/// Pixel Data is encapsulated (compressed in fragments).
public struct TransferSyntax: Hashable, Sendable, CustomStringConvertible {
    /// The transfer syntax UID, e.g. `1.2.840.10008.1.2.1`.
    public let uid: String
    /// True when each element carries its VR (everything but implicit VR little endian).
    public let isExplicitVR: Bool
    /// True only for the retired explicit VR big endian syntax.
    public let isBigEndian: Bool
    /// True when the data set after the meta group is a deflate stream.
    public let isDeflated: Bool
    /// True when Pixel Data is stored as encapsulated fragments.
    public let isEncapsulated: Bool
    /// True when the encapsulated codec is lossy (or may be: JPEG 2000 irreversible, JPEG baseline…).
    public let isLossy: Bool

    /// A readable name (from the UID dictionary when the syntax is not one of ours).
    public var name: String {
        Self.names[uid] ?? UIDDictionary.name(for: uid) ?? uid
    }

    public var description: String { "\(name) (\(uid))" }

    init(_ uid: String, explicit: Bool = true, bigEndian: Bool = false, deflated: Bool = false,
         encapsulated: Bool = false, lossy: Bool = false) {
        self.uid = uid
        isExplicitVR = explicit
        isBigEndian = bigEndian
        isDeflated = deflated
        isEncapsulated = encapsulated
        isLossy = lossy
    }

    /// Implicit VR Little Endian, the default transfer syntax of DICOM.
    public static let implicitVRLittleEndian = TransferSyntax("1.2.840.10008.1.2", explicit: false)
    /// Explicit VR Little Endian.
    public static let explicitVRLittleEndian = TransferSyntax("1.2.840.10008.1.2.1")
    /// Deflated Explicit VR Little Endian.
    public static let deflatedExplicitVRLittleEndian = TransferSyntax("1.2.840.10008.1.2.1.99", deflated: true)
    /// Explicit VR Big Endian (retired, still found in archives).
    public static let explicitVRBigEndian = TransferSyntax("1.2.840.10008.1.2.2", bigEndian: true)
    /// RLE Lossless.
    public static let rleLossless = TransferSyntax("1.2.840.10008.1.2.5", encapsulated: true)
    /// JPEG Baseline (Process 1), 8-bit lossy.
    public static let jpegBaseline = TransferSyntax("1.2.840.10008.1.2.4.50", encapsulated: true, lossy: true)
    /// JPEG Extended (Process 2 & 4), 12-bit lossy.
    public static let jpegExtended = TransferSyntax("1.2.840.10008.1.2.4.51", encapsulated: true, lossy: true)
    /// JPEG Lossless, Non-Hierarchical (Process 14).
    public static let jpegLossless = TransferSyntax("1.2.840.10008.1.2.4.57", encapsulated: true)
    /// JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14, Selection Value 1).
    public static let jpegLosslessSV1 = TransferSyntax("1.2.840.10008.1.2.4.70", encapsulated: true)
    /// JPEG-LS Lossless.
    public static let jpegLSLossless = TransferSyntax("1.2.840.10008.1.2.4.80", encapsulated: true)
    /// JPEG-LS Lossy (Near-Lossless).
    public static let jpegLSNearLossless = TransferSyntax("1.2.840.10008.1.2.4.81", encapsulated: true, lossy: true)
    /// JPEG 2000 Image Compression (Lossless Only).
    public static let jpeg2000Lossless = TransferSyntax("1.2.840.10008.1.2.4.90", encapsulated: true)
    /// JPEG 2000 Image Compression (lossless or lossy).
    public static let jpeg2000 = TransferSyntax("1.2.840.10008.1.2.4.91", encapsulated: true, lossy: true)

    /// The syntaxes this engine can write a data set in (pixel data native).
    public static let writable: [TransferSyntax] = [
        .explicitVRLittleEndian, .implicitVRLittleEndian, .explicitVRBigEndian, .deflatedExplicitVRLittleEndian,
    ]

    private static let known: [String: TransferSyntax] = {
        var all: [TransferSyntax] = [
            .implicitVRLittleEndian, .explicitVRLittleEndian, .deflatedExplicitVRLittleEndian, .explicitVRBigEndian,
            .rleLossless, .jpegBaseline, .jpegExtended, .jpegLossless, .jpegLosslessSV1, .jpegLSLossless,
            .jpegLSNearLossless, .jpeg2000Lossless, .jpeg2000,
        ]
        // Other encapsulated syntaxes of PS3.5 Table A-1 (pixel data handled as opaque fragments here).
        let lossless = ["1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.201", "1.2.840.10008.1.2.4.202",
                        "1.2.840.10008.1.2.1.98", "1.2.840.10008.1.2.8.1", "1.2.840.10008.1.2.4.111"]
        let lossy = ["1.2.840.10008.1.2.4.52", "1.2.840.10008.1.2.4.53", "1.2.840.10008.1.2.4.54",
                     "1.2.840.10008.1.2.4.55", "1.2.840.10008.1.2.4.56", "1.2.840.10008.1.2.4.58",
                     "1.2.840.10008.1.2.4.59", "1.2.840.10008.1.2.4.60", "1.2.840.10008.1.2.4.61",
                     "1.2.840.10008.1.2.4.62", "1.2.840.10008.1.2.4.63", "1.2.840.10008.1.2.4.64",
                     "1.2.840.10008.1.2.4.65", "1.2.840.10008.1.2.4.66", "1.2.840.10008.1.2.4.93",
                     "1.2.840.10008.1.2.4.94", "1.2.840.10008.1.2.4.95", "1.2.840.10008.1.2.4.100",
                     "1.2.840.10008.1.2.4.101", "1.2.840.10008.1.2.4.102", "1.2.840.10008.1.2.4.103",
                     "1.2.840.10008.1.2.4.104", "1.2.840.10008.1.2.4.105", "1.2.840.10008.1.2.4.106",
                     "1.2.840.10008.1.2.4.107", "1.2.840.10008.1.2.4.108", "1.2.840.10008.1.2.4.110",
                     "1.2.840.10008.1.2.4.112", "1.2.840.10008.1.2.4.203"]
        all += lossless.map { TransferSyntax($0, encapsulated: true) }
        all += lossy.map { TransferSyntax($0, encapsulated: true, lossy: true) }
        return Dictionary(uniqueKeysWithValues: all.map { ($0.uid, $0) })
    }()

    private static let names: [String: String] = [
        "1.2.840.10008.1.2": "Implicit VR Little Endian",
        "1.2.840.10008.1.2.1": "Explicit VR Little Endian",
        "1.2.840.10008.1.2.1.99": "Deflated Explicit VR Little Endian",
        "1.2.840.10008.1.2.2": "Explicit VR Big Endian",
    ]

    /// The syntax with this UID. An unknown UID is read as explicit VR little endian with encapsulated
    /// pixel data (as dcmtk and pydicom do), so the header still parses; `isKnown` tells them apart.
    public static func lookup(_ uid: String) -> TransferSyntax {
        known[uid] ?? TransferSyntax(uid, encapsulated: true)
    }

    /// The same syntax with another element encoding: for files whose data set contradicts the declared
    /// syntax (an encapsulated syntax written implicit VR, a real-world writer bug that is read as found).
    public func withEncoding(explicitVR: Bool, bigEndian: Bool) -> TransferSyntax {
        TransferSyntax(uid, explicit: explicitVR, bigEndian: bigEndian, deflated: isDeflated,
                       encapsulated: isEncapsulated, lossy: isLossy)
    }

    /// True when this UID is a transfer syntax of the standard that the engine knows.
    public var isKnown: Bool { Self.known[uid] != nil }
}
