import Foundation
import Testing
import TestSupport
@testable import DICOM

@Suite("Round trips through every writable transfer syntax")
struct RoundTripTests {
    /// Corpus files that read without error, with the syntaxes each can be written in.
    static func readableFiles() -> [(URL, DICOMFile)] {
        Corpus.files().compactMap { url in (try? DICOMFile(contentsOf: url)).map { (url, $0) } }
    }

    static func targets(for file: DICOMFile) -> [TransferSyntax] {
        hasFragments(file.dataSet) ? [file.transferSyntax] : TransferSyntax.writable
    }

    static func hasFragments(_ dataSet: DataSet) -> Bool {
        dataSet.elements.contains { element in
            switch element.value {
            case .fragments: return true
            case .sequence(let items): return items.contains(where: hasFragments)
            case .bytes: return false
            }
        }
    }

    @Test("read → write → read gives the same data set, for every corpus file and syntax")
    func corpusRoundTrips() throws {
        let files = Self.readableFiles()
        #expect(files.count > 200, "expected the 235-file corpus, read \(files.count)")
        var checked = 0
        for (url, file) in files {
            for syntax in Self.targets(for: file) {
                let bytes: Data
                do { bytes = try file.encoded(as: syntax) } catch {
                    Issue.record("\(url.lastPathComponent) as \(syntax.name): \(error)")
                    continue
                }
                let again: DICOMFile
                do { again = try DICOMFile(data: bytes) } catch {
                    Issue.record("\(url.lastPathComponent) as \(syntax.name) does not read back: \(error)")
                    continue
                }
                #expect(again.transferSyntax == syntax, "\(url.lastPathComponent) as \(syntax.name)")
                let compareVR = syntax.isExplicitVR
                let before = Canonical.lines(file.dataSet, compareVR: compareVR)
                let after = Canonical.lines(again.dataSet, compareVR: compareVR)
                if let difference = Canonical.firstDifference(before, after) {
                    Issue.record("\(url.lastPathComponent) as \(syntax.name): \(difference)")
                }
                checked += 1
            }
        }
        #expect(checked > 600)
    }

    @Test("the written file meta group is complete and its group length is right")
    func fileMeta() throws {
        guard let url = Corpus.file("CT_small.dcm") else { return }
        let file = try DICOMFile(contentsOf: url)
        let written = try DICOMFile(data: file.encoded(as: .implicitVRLittleEndian))
        let meta = written.fileMetaInformation
        #expect(meta.string(.transferSyntaxUID) == TransferSyntax.implicitVRLittleEndian.uid)
        #expect(meta.string(.implementationClassUID) == DICOMFile.implementationClassUID)
        #expect(meta.string(.mediaStorageSOPInstanceUID) == file.dataSet.string(.sopInstanceUID))
        #expect(written.warnings.isEmpty, "\(written.warnings)")
    }

    @Test("compressed pixel data cannot be written in a native syntax without decoding")
    func encapsulatedToNative() throws {
        guard let url = Corpus.file("JPEG2000.dcm") else { return }
        let file = try DICOMFile(contentsOf: url)
        #expect(throws: DICOMError.self) { try file.encoded(as: .explicitVRLittleEndian) }
    }
}
