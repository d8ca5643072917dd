import Foundation
import Testing
import TestSupport
@testable import DICOM

@Suite("Malformed input fails with a typed, placed error")
struct MalformedInputTests {
    func error(_ data: Data, options: ReadOptions = .full) -> DICOMError? {
        do {
            _ = try DICOMFile(data: data, options: options)
            return nil
        } catch let error as DICOMError {
            return error
        } catch {
            Issue.record("unexpected error type \(error)")
            return nil
        }
    }

    @Test("a 4 GB length in a small file is an error naming the tag and offset, not an allocation")
    func hugeLength() throws {
        var body = Bytes()
        body.explicitText(0x0008_0060, "CS", "CT")
        body.tag(0x7FE0_0010)
        body.data += [UInt8]("OB".utf8) + [0, 0]
        body.u32(0xFFFF_FFF0)
        body.data += [1, 2, 3, 4]
        let data = Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data)
        let failure = try #require(error(data))
        #expect(failure.kind == .invalidLength)
        #expect(failure.tag == .pixelData)
        #expect(failure.offset == data.count - 16)
        #expect(failure.description.contains("(7FE0,0010)"))
    }

    @Test("empty files and text files are not DICOM")
    func notDICOM() throws {
        #expect(error(Data())?.kind == .notDICOM)
        #expect(error(Data("hello, this is not a DICOM file at all\n".utf8))?.kind == .notDICOM)
        #expect(error(Data([UInt8](repeating: 0xAB, count: 300)))?.kind == .notDICOM)
    }

    @Test("a header cut off inside an item is truncated")
    func truncatedItem() throws {
        var body = Bytes()
        body.explicitUndefined(0x0008_1140, "SQ")
        body.item()
        body.explicitText(0x0008_1150, "UI", "1.2.3")
        body.data += [0x08, 0x00, 0x55]   // three bytes of a next header
        let failure = try #require(error(Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data)))
        #expect(failure.kind == .truncated)
    }

    @Test("a non-item tag inside a sequence is a structure error")
    func badSequenceContent() throws {
        var body = Bytes()
        body.explicitUndefined(0x0008_1140, "SQ")
        body.explicitText(0x0008_0060, "CS", "CT")
        let failure = try #require(error(Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data)))
        #expect(failure.kind == .invalidStructure)
        #expect(failure.tag == Tag(0x0008_1140))
    }

    @Test("sequences nested beyond the limit fail instead of overflowing the stack")
    func deepNesting() throws {
        var body = Bytes()
        for _ in 0..<200 {
            body.explicitUndefined(0x0008_1140, "SQ")
            body.item()
        }
        let failure = try #require(error(Bytes.part10(syntax: "1.2.840.10008.1.2.1", body: body.data)))
        #expect(failure.kind == .tooDeep)
    }

    @Test("a deflated data set that does not inflate fails with a compression error")
    func badDeflate() throws {
        let data = Bytes.part10(syntax: "1.2.840.10008.1.2.1.99", body: [0xFF, 0xFF, 0xFF, 0x00, 0x12, 0x34])
        #expect(error(data)?.kind == .compression)
    }

    @Test("every prefix of a real file either parses or fails cleanly")
    func everyPrefix() throws {
        guard let url = Corpus.file("CT_small.dcm") else { return }
        let data = try Data(contentsOf: url)
        var failures = 0
        for length in stride(from: 0, to: 2_000, by: 1) {
            if error(data.prefix(length)) != nil { failures += 1 }
        }
        #expect(failures > 0)
    }
}
