import Foundation
import Testing
import TestSupport
@testable import DICOM

/// Inputs kept from fuzzing (scripts/fuzz.sh): each must parse or fail with a DICOMError, and whatever
/// parses must survive dumping, DICOM JSON and re-encoding.
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    @Test("every kept fuzz input parses or fails cleanly")
    func keptInputs() throws {
        let folder = Corpus.packageRoot.appendingPathComponent("Tests/DICOMTests/Resources/fuzz-regressions")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        #expect(!names.isEmpty)
        for name in names {
            let data = try Data(contentsOf: folder.appendingPathComponent(name))
            do {
                let file = try DICOMFile(data: data)
                _ = DumpFormatter().format(file)
                _ = try? DICOMJSON.dataSet(fromJSON: DICOMJSON.encode(file.dataSet))
                for syntax in TransferSyntax.writable {
                    if let bytes = try? file.encoded(as: syntax) { _ = try DICOMFile(data: bytes) }
                }
            } catch is DICOMError {
                continue
            }
        }
    }
}
