import Testing
@testable import DICOM

/// Decoding and encoding text by Specific Character Set (0008,0005).
///
/// The vectors are the raw bytes and decoded text of elements in pydicom 3.0.2's
/// `pydicom/data/charset_files` (expected text from pydicom, with the padding it trims kept);
/// the rest are built with Python's codecs where noted.
struct SpecificCharacterSetTests {
    struct Vector: CustomTestStringConvertible, Sendable {
        var file: String
        var terms: [String]
        var vr: VR
        var hex: String
        var values: [String]
        var testDescription: String { "\(file) \(vr)" }
    }

    static let vectors: [Vector] = [
        Vector(file: "chrArab.dcm", terms: ["ISO_IR 127"], vr: .PN,
               hex: "e2c8c7e6ea5ee4e6d2c7d120",
               values: ["قباني^لنزار "]),
        Vector(file: "chrFren.dcm", terms: ["ISO_IR 100"], vr: .PN,
               hex: "4275635e4ae972f46d65",
               values: ["Buc^Jérôme"]),
        Vector(file: "chrFrenMulti.dcm", terms: ["ISO_IR 100"], vr: .PN,
               hex: "4275635e4ae972f46d655c4275635e4ae972f46d6520",
               values: ["Buc^Jérôme", "Buc^Jérôme "]),
        Vector(file: "chrFrenMulti.dcm", terms: ["ISO_IR 100"], vr: .LO,
               hex: "656767735c7370616d20",
               values: ["eggs", "spam "]),
        Vector(file: "chrGerm.dcm", terms: ["ISO_IR 100"], vr: .PN,
               hex: "c46e6561735e52fc646967657220",
               values: ["Äneas^Rüdiger "]),
        Vector(file: "chrGreek.dcm", terms: ["ISO_IR 126"], vr: .PN,
               hex: "c4e9efedf5f3e9eff220",
               values: ["Διονυσιος "]),
        Vector(file: "chrH31.dcm", terms: ["", "ISO 2022 IR 87"], vr: .PN,
               hex: "59616d6164615e5461726f753d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b2842"
                   + "5e1b2442243f246d24261b2842",
               values: ["Yamada^Tarou=山田^太郎=やまだ^たろう"]),
        Vector(file: "chrH32.dcm", terms: ["ISO 2022 IR 13", "ISO 2022 IR 87"], vr: .PN,
               hex: "d4cfc0de5ec0dbb33d1b24423b3345441b284a5e1b244242404f3a1b284a3d1b24422464245e24401b284a5e1b2442"
                   + "243f246d24261b284a",
               values: ["ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"]),
        Vector(file: "chrHbrw.dcm", terms: ["ISO_IR 138"], vr: .PN,
               hex: "f9f8e5ef5ee3e1e5f8e4",
               values: ["שרון^דבורה"]),
        Vector(file: "chrI2.dcm", terms: ["", "ISO 2022 IR 149"], vr: .PN,
               hex: "486f6e675e47696c646f6e673d1b242943fbf35e1b242943d1ced4d73d1b242943c8ab5e1b242943b1e6b5bf",
               values: ["Hong^Gildong=洪^吉洞=홍^길동"]),
        Vector(file: "chrJapMulti.dcm", terms: ["", "ISO 2022 IR 87"], vr: .PN,
               hex: "1b24422464245e24401b28425e1b2442243f246d24261b28425c1b24422464245e24401b28425e1b2442243f246d"
                   + "24261b284220",
               values: ["やまだ^たろう", "やまだ^たろう "]),
        Vector(file: "chrJapMulti.dcm", terms: ["", "ISO 2022 IR 87"], vr: .LT,
               hex: "1b2442243f246d24261b2842",
               values: ["たろう"]),
        Vector(file: "chrJapMultiExplicitIR6.dcm", terms: ["ISO 2022 IR 6", "ISO 2022 IR 87"], vr: .PN,
               hex: "1b24422464245e24401b28425e1b2442243f246d24261b284220",
               values: ["やまだ^たろう "]),
        Vector(file: "chrKoreanMulti.dcm", terms: ["", "ISO 2022 IR 149"], vr: .PN,
               hex: "1b242943b1e8c8f1c1df1b28425c1b242943b1e8c8f1c1df1b284220",
               values: ["김희중", "김희중 "]),
        Vector(file: "chrKoreanMulti.dcm", terms: ["", "ISO 2022 IR 149"], vr: .LT,
               hex: "1b242943b1e8c8f1c1df1b284220",
               values: ["김희중 "]),
        Vector(file: "chrRuss.dcm", terms: ["ISO_IR 144"], vr: .PN,
               hex: "bbeeda6365dcd17970d3",
               values: ["Люкceмбypг"]),
        // The sequence item's own (0008,0005) is "ISO 2022 IR 13\ISO 2022 IR 87 " (trailing pad kept here).
        Vector(file: "chrSQEncoding.dcm", terms: ["ISO 2022 IR 13", "ISO 2022 IR 87 "], vr: .PN,
               hex: "d4cfc0de5ec0dbb33d1b24423b3345441b28425e1b244242404f3a1b28423d1b24422464245e24401b28425e1b2442"
                   + "243f246d24261b2842",
               values: ["ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう"]),
        Vector(file: "chrX1.dcm", terms: ["ISO_IR 192"], vr: .PN,
               hex: "57616e675e5869616f446f6e673de78e8b5ee5b08fe69db13d20",
               values: ["Wang^XiaoDong=王^小東= "]),
        Vector(file: "chrX2.dcm", terms: ["GB18030"], vr: .PN,
               hex: "57616e675e5869616f446f6e673dcdf55ed0a1b6ab3d",
               values: ["Wang^XiaoDong=王^小东="]),
        // Not from a file: Python's iso8859_11 / iso8859_9 / iso8859_2 / iso8859_3 / iso8859_4 codecs.
        Vector(file: "(iso8859_11)", terms: ["ISO_IR 166"], vr: .LO,
               hex: "c0d2c9d2e4b7c2", values: ["ภาษาไทย"]),
        Vector(file: "(iso8859_9)", terms: ["ISO_IR 148"], vr: .LO,
               hex: "c761f072fd20de69fe6c69", values: ["Çağrı Şişli"]),
        Vector(file: "(iso8859_2)", terms: ["ISO_IR 101"], vr: .LO,
               hex: "a3f364bc20aff3b3e6", values: ["Łódź Żółć"]),
        Vector(file: "(iso8859_3)", terms: ["ISO_IR 109"], vr: .LO, hex: "d5b1", values: ["Ġħ"]),
        Vector(file: "(iso8859_4)", terms: ["ISO_IR 110"], vr: .LO, hex: "d3bab9", values: ["Ķēš"]),
    ]

    static func bytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<$0 + 2], as: UTF8.self), radix: 16)!
        }
    }

    @Test(arguments: vectors)
    func decodesCharsetFiles(_ vector: Vector) {
        let set = SpecificCharacterSet(terms: vector.terms)
        #expect(set.unknownTerms.isEmpty)
        #expect(set.decode(Self.bytes(vector.hex), vr: vector.vr) == vector.values)
    }

    /// Encoding reproduces the bytes of the standard's examples (PS3.5 Annexes H and I) exactly.
    @Test(arguments: ["chrH31.dcm", "chrH32.dcm", "chrI2.dcm", "chrFren.dcm", "chrGreek.dcm", "chrX1.dcm", "chrX2.dcm"])
    func encodesCharsetFileBytes(_ file: String) throws {
        let vector = try #require(Self.vectors.first { $0.file == file })
        let set = SpecificCharacterSet(terms: vector.terms)
        #expect(set.encode(vector.values, vr: vector.vr) == Self.bytes(vector.hex))
    }

    @Test func roundTrips() throws {
        let cases: [([String], VR, [String])] = [
            (["ISO_IR 192"], .LO, ["Ünïcödé ✓ 😀", "日本語", ""]),
            (["ISO_IR 100"], .PN, ["Müller^Zoë", "Ångström^Ægir"]),
            (["", "ISO 2022 IR 87"], .PN, ["山田^太郎=やまだ^たろう", "ボ十=表"]),
            (["ISO 2022 IR 13", "ISO 2022 IR 87"], .LO, ["ﾔﾏﾀﾞ 山田", "x"]),
            (["", "ISO 2022 IR 149"], .PN, ["Hong^Gildong=洪^吉洞=홍^길동", "김희중"]),
            (["", "ISO 2022 IR 149"], .LT, ["김희중\r\n홍 길동"]),
            (["ISO 2022 IR 100", "ISO 2022 IR 126", "ISO 2022 IR 144"], .LO,
             ["Zoë Διονυσιος Люксембург é"]),
            (["GB18030"], .LO, ["乗", "王小东", "😀"]),
            (["GBK"], .SH, ["乗乗", "王"]),
        ]
        for (terms, vr, values) in cases {
            let set = SpecificCharacterSet(terms: terms)
            let encoded = try #require(set.encode(values, vr: vr), "\(terms) \(values)")
            let expected = vr.isSingleValuedText ? [values.joined(separator: "\\")] : values
            #expect(set.decode(encoded, vr: vr) == expected, "\(terms)")
        }
    }

    @Test func japaneseEscapesAreRestoredBeforeDelimitersAndAtTheEnd() {
        let set = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        // ボ is 0x25 0x5C and 十 is 0x3D 0x3D in JIS X 0208: neither byte is a delimiter there.
        #expect(set.encode(["ボ", "十"], vr: .PN) == Self.bytes("1b2442255c1b28425c1b24423d3d1b2842"))
        #expect(set.decode(Self.bytes("1b2442255c3d3d1b28425c41"), vr: .PN) == ["ボ十", "A"])
    }

    @Test func splitsGBOnlyAtRealBackslashes() {
        // 乗 is 0x81 0x5C in GB18030 and GBK.
        for term in ["GB18030", "GBK"] {
            let set = SpecificCharacterSet(terms: [term])
            #expect(set.decode(Self.bytes("815c5c41815c"), vr: .LO) == ["乗", "A乗"])
            #expect(set.decode(Self.bytes("815c5c41815c"), vr: .LT) == ["乗\\A乗"])
            #expect(set.encode(["乗", "A乗"], vr: .LO) == Self.bytes("815c5c41815c"))
        }
        // Four-byte GB18030 sequences (Python's gb18030 codec): Ä is 81 30 87 32, 😀 is 94 39 fc 36.
        let gb18030 = SpecificCharacterSet(terms: ["GB18030"])
        #expect(gb18030.decode(Self.bytes("813087325c9439fc36"), vr: .SH) == ["Ä", "😀"])
    }

    @Test func splitsMultipleValuesButNotSingleValuedVRs() {
        let set = SpecificCharacterSet(terms: ["ISO_IR 100"])
        #expect(set.decode(Self.bytes("615c5c62e9"), vr: .LO) == ["a", "", "bé"])
        #expect(set.decode(Self.bytes("615c62"), vr: .UT) == ["a\\b"])
        #expect(set.decode(Self.bytes("615c62"), vr: .UR) == ["a\\b"])
        #expect(set.decode([], vr: .LO) == [])
        #expect(SpecificCharacterSet.default.decode(Self.bytes("20"), vr: .SH) == [" "])
    }

    @Test func otherVRsAreASCIIOrLatin1() {
        let set = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        #expect(set.decode(Self.bytes("1b2442255c"), vr: .CS) == ["\u{1B}$B%", ""])
        #expect(SpecificCharacterSet(terms: ["ISO_IR 192"]).decode(Self.bytes("c3a9"), vr: .AE) == ["Ã©"])
        #expect(SpecificCharacterSet.default.decode(Self.bytes("e9"), vr: .LO) == ["é"])
        #expect(SpecificCharacterSet.default.encode(["é"], vr: .LO) == nil)
        #expect(SpecificCharacterSet(terms: ["ISO_IR 192"]).encode(["é"], vr: .CS) == nil)
        #expect(SpecificCharacterSet(terms: ["ISO_IR 100"]).encode(["日本"], vr: .LO) == nil)
        #expect(SpecificCharacterSet(terms: ["", "ISO 2022 IR 149"]).encode(["ﾔ"], vr: .LO) == nil)
    }

    @Test func normalisesTerms() {
        let spellings: [([String], [String])] = [
            (["ISO-IR 100"], ["ISO_IR 100"]), (["ISO_IR100"], ["ISO_IR 100"]), (["iso_ir 100"], ["ISO_IR 100"]),
            (["ISO IR 192 "], ["ISO_IR 192"]), (["  GB18030\0"], ["GB18030"]), (["ISO 2022 GBK"], ["GBK"]),
            (["", "ISO 2022 IR100"], ["", "ISO 2022 IR 100"]),
            (["ISO2022IR6", "ISO2022IR87"], ["ISO 2022 IR 6", "ISO 2022 IR 87"]),
            (["ISO_IR 149"], ["ISO 2022 IR 149"]), (["ISO 2022 58"], ["ISO 2022 IR 58"]),
            ([], []), ([""], []), (["ISO_IR 6"], []),
        ]
        for (raw, normalised) in spellings {
            let set = SpecificCharacterSet(terms: raw)
            #expect(set.terms == normalised, "\(raw)")
            #expect(set.unknownTerms.isEmpty)
        }
        #expect(SpecificCharacterSet(terms: ["ISO_IR 6"]) == .default)
        #expect(SpecificCharacterSet(terms: ["ISO-IR 100"]) == SpecificCharacterSet(terms: ["ISO_IR 100"]))
        #expect(SpecificCharacterSet(terms: ["ISO_IR 192"]).isUTF8)
        #expect(!SpecificCharacterSet.default.isUTF8)
        let misspelt = SpecificCharacterSet(terms: ["ISO-IR 144"])
        #expect(misspelt.decode(Self.bytes("bbeeda"), vr: .PN) == ["Люк"])
    }

    @Test func reportsUnknownTerms() {
        let set = SpecificCharacterSet(terms: ["ISO_IR 999", "KLINGON"])
        #expect(set.unknownTerms == ["ISO_IR 999", "KLINGON"])
        #expect(set.terms == [])
        #expect(set.decode(Self.bytes("e9"), vr: .LO) == ["é"])
        let partly = SpecificCharacterSet(terms: ["ISO_IR 100", "WHATEVER"])
        #expect(partly.unknownTerms == ["WHATEVER"])
        #expect(partly.terms == ["ISO_IR 100"])
        #expect(partly.decode(Self.bytes("e9"), vr: .LO) == ["é"])
    }

    /// Value 1 designates G1 from the start: no escape sequence is needed for its characters.
    @Test func firstValueSetsTheInitialG1() {
        let katakana = SpecificCharacterSet(terms: ["ISO_IR 13"])
        #expect(katakana.decode(Self.bytes("d4cfc0de5ec0dbb3"), vr: .PN) == ["ﾔﾏﾀﾞ^ﾀﾛｳ"])
        #expect(katakana.encode(["ﾔﾏﾀﾞ^ﾀﾛｳ"], vr: .PN) == Self.bytes("d4cfc0de5ec0dbb3"))
        let korean = SpecificCharacterSet(terms: ["ISO 2022 IR 149"])
        #expect(korean.decode(Self.bytes("b1e8c8f1c1df"), vr: .PN) == ["김희중"])
        #expect(korean.encode(["김희중"], vr: .PN) == Self.bytes("b1e8c8f1c1df"))
    }

    @Test func standAloneEncodingsIgnoreExtensions() {
        let set = SpecificCharacterSet(terms: ["ISO_IR 192", "ISO 2022 IR 87"])
        #expect(set.isUTF8)
        #expect(set.decode(Self.bytes("e78e8b"), vr: .LO) == ["王"])
    }

    @Test func invalidInputDecodesToReplacementCharacters() {
        #expect(SpecificCharacterSet(terms: ["ISO_IR 192"]).decode(Self.bytes("41ff42"), vr: .LO) == ["A\u{FFFD}B"])
        let gb18030 = SpecificCharacterSet(terms: ["GB18030"])
        #expect(gb18030.decode(Self.bytes("41ff42cd"), vr: .LO) == ["A\u{FFFD}B\u{FFFD}"])
        let japanese = SpecificCharacterSet(terms: ["", "ISO 2022 IR 87"])
        #expect(japanese.decode(Self.bytes("411b24"), vr: .LO) == ["A\u{FFFD}$"])  // truncated escape
        #expect(japanese.decode(Self.bytes("1b244224"), vr: .LO) == ["\u{FFFD}"])  // half a character
        #expect(japanese.decode(Self.bytes("1b2442222f"), vr: .LO) == ["\u{FFFD}"])  // unassigned code
        #expect(SpecificCharacterSet(terms: ["ISO_IR 127"]).decode(Self.bytes("a1"), vr: .LO) == ["\u{FFFD}"])
    }

    /// Lookup tables are built lazily on first use and iconv descriptors are per call: safe from many tasks.
    @Test func concurrentUse() async {
        let files: Set = ["chrH31.dcm", "chrI2.dcm", "chrX2.dcm", "chrGreek.dcm"]
        let cases = Self.vectors.filter { files.contains($0.file) }.map {
            (SpecificCharacterSet(terms: $0.terms), Self.bytes($0.hex), $0.vr, $0.values)
        }
        await withTaskGroup(of: Bool.self) { group in
            for task in 0..<8 {
                let (set, bytes, vr, values) = cases[task % cases.count]
                group.addTask { (0..<200).allSatisfy { _ in set.decode(bytes, vr: vr) == values } }
            }
            for await ok in group { #expect(ok) }
        }
    }

    @Test func neverCrashesOnArbitraryBytes() {
        let sets = [
            [], ["ISO_IR 100"], ["ISO_IR 13"], ["ISO_IR 166"], ["ISO_IR 192"], ["GB18030"], ["GBK"],
            ["ISO 2022 IR 13", "ISO 2022 IR 87", "ISO 2022 IR 159"], ["", "ISO 2022 IR 149", "ISO 2022 IR 58"],
        ].map { SpecificCharacterSet(terms: $0) }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<300 {
            let length = Int.random(in: 0...40, using: &generator)
            let bytes = (0..<length).map { _ in
                Bool.random(using: &generator)
                    ? UInt8.random(in: 0...255, using: &generator)
                    : [0x1B, 0x24, 0x28, 0x29, 0x42, 0x5C, 0x5E].randomElement(using: &generator)!
            }
            for set in sets {
                for vr in [VR.PN, .LO, .LT, .CS] {
                    let values = set.decode(bytes, vr: vr)
                    #expect(values.count <= bytes.count + 1)
                }
            }
        }
    }
}
