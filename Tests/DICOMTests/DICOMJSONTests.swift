import Foundation
import Testing
import TestSupport
@testable import DICOM

@Suite("DICOM JSON model")
struct DICOMJSONTests {
    @Test("encode → decode → encode is stable for every corpus file (bulk data inline)")
    func corpusRoundTrip() throws {
        var checked = 0
        for url in Corpus.files() {
            guard let file = try? DICOMFile(contentsOf: url) else { continue }
            // Text comes back as UTF-8, so Specific Character Set changes to ISO_IR 192; all else must not.
            let first = Self.withoutCharacterSet(DICOMJSON.object(for: file.dataSet)).serialized()
            let decoded = try DICOMJSON.dataSet(fromJSON: DICOMJSON.encode(file.dataSet))
            let second = Self.withoutCharacterSet(DICOMJSON.object(for: decoded)).serialized()
            if first != second {
                let index = zip(first, second).prefix { $0 == $1 }.count
                Issue.record("\(url.lastPathComponent): JSON differs at character \(index): …\(first.dropFirst(max(0, index - 60)).prefix(120)) ≠ …\(second.dropFirst(max(0, index - 60)).prefix(120))")
            }
            checked += 1
        }
        #expect(checked > 200)
    }

    static func withoutCharacterSet(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let members):
            return .object(members.filter { $0.0 != "00080005" }.map { ($0.0, withoutCharacterSet($0.1)) })
        case .array(let values): return .array(values.map(withoutCharacterSet))
        default: return value
        }
    }

    @Test("person names split into Alphabetic, Ideographic and Phonetic groups")
    func personNameGroups() throws {
        guard let url = Corpus.file("chrH31.dcm") else { return }
        let file = try DICOMFile(contentsOf: url)
        let json = DICOMJSON.object(for: file.dataSet)
        let name = json["00100010"]?["Value"]?.arrayValue?.first
        #expect(name?["Alphabetic"]?.stringValue == "Yamada^Tarou")
        #expect(name?["Ideographic"]?.stringValue == "山田^太郎")
        #expect(name?["Phonetic"]?.stringValue == "やまだ^たろう")
    }

    @Test("numbers, AT, empty values and bulk data follow PS3.18 F.2")
    func valueForms() throws {
        var dataSet = DataSet()
        dataSet.set(.text(Tag(0x0018_0050), .DS, "+1.50\\.5\\-0"))
        dataSet.set(.text(Tag(0x0020_0013), .IS, "007"))
        dataSet.set(DataElement(tag: Tag(0x0020_5000), vr: .AT, bytes: Data([0x10, 0x00, 0x10, 0x00])))
        dataSet.set(.text(Tag(0x0008_0050), .SH, ""))
        dataSet.set(DataElement(tag: .pixelData, vr: .OB, bytes: Data([1, 2, 3, 4])))
        let text = DICOMJSON.encode(dataSet)
        #expect(text.contains(#""00180050":{"vr":"DS","Value":[1.5,0.5,0]}"#))
        #expect(text.contains(#""00200013":{"vr":"IS","Value":[7]}"#))
        #expect(text.contains(#""00205000":{"vr":"AT","Value":["00100010"]}"#))
        #expect(text.contains(#""00080050":{"vr":"SH"}"#))
        #expect(text.contains(#""7FE00010":{"vr":"OB","InlineBinary":"AQIDBA=="}"#))
        let uri = DICOMJSON.encode(dataSet, options: .init(bulkDataThreshold: 2) { _ in "bulk://pixels" })
        #expect(uri.contains(#""7FE00010":{"vr":"OB","BulkDataURI":"bulk://pixels"}"#))
    }

    @Test("non-ASCII text read from JSON is stored as UTF-8 with ISO_IR 192")
    func utf8FromJSON() throws {
        let dataSet = try DICOMJSON.dataSet(fromJSON: #"{"00100010":{"vr":"PN","Value":[{"Alphabetic":"Müller^Jörg"}]}}"#)
        #expect(dataSet.string(.specificCharacterSet) == "ISO_IR 192")
        #expect(dataSet.string(.patientName) == "Müller^Jörg")
    }

    @Test("bad DICOM JSON is rejected with the attribute named")
    func badJSON() throws {
        #expect(throws: DICOMError.self) { try DICOMJSON.dataSet(fromJSON: #"{"0010":{"vr":"PN"}}"#) }
        #expect(throws: DICOMError.self) { try DICOMJSON.dataSet(fromJSON: #"{"00280010":{"vr":"US","Value":[70000]}}"#) }
        #expect(throws: DICOMError.self) { try DICOMJSON.dataSet(fromJSON: #"{"00280010":{"vr":"XX"}}"#) }
        #expect(throws: DICOMError.self) { try DICOMJSON.dataSet(fromJSON: "[1, 2") }
        do {
            _ = try DICOMJSON.dataSet(fromJSON: #"{"00280010":{"vr":"US","Value":[70000]}}"#)
        } catch let error as DICOMError {
            #expect(error.tag == Tag(0x0028_0010))
        }
    }
}
