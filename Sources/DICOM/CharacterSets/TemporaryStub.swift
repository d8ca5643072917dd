// Temporary stand-in until the real SpecificCharacterSet lands (deleted then).
public struct SpecificCharacterSet: Sendable, Equatable {
    public static let `default` = SpecificCharacterSet(terms: [])
    public var terms: [String]
    public init(terms: [String]) { self.terms = terms }
    public func decode(_ bytes: UnsafeRawBufferPointer, vr: VR) -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        return vr.isSingleValuedText ? [text] : text.split(separator: "\\", omittingEmptySubsequences: false).map(String.init)
    }
    public func decode(_ bytes: [UInt8], vr: VR) -> [String] { bytes.withUnsafeBytes { decode($0, vr: vr) } }
}
