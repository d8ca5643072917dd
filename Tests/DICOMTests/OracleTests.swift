import Foundation
import Testing
import TestSupport

/// Runs `Tests/Oracle/compare_with_pydicom.py`: `dicom-console dump --json` on all 235 corpus files,
/// attribute by attribute against pydicom (sequences and decoded person names included).
@Suite("pydicom oracle over the real corpus")
struct OracleTests {
    @Test("our DICOM JSON equals pydicom's reading of every corpus file")
    func pydicomAgrees() throws {
        guard let binary = Corpus.binary() else { return }
        let script = Corpus.packageRoot.appendingPathComponent("Tests/Oracle/compare_with_pydicom.py").path
        let run = try Corpus.run("python3", [script, binary])
        let summary = run.stdout.split(separator: "\n").last.map(String.init) ?? ""
        #expect(run.status == 0, "\(run.stdout.suffix(4000))\(run.stderr.suffix(2000))")
        // The summary line is `N passed, M failed`: the whole corpus must have been compared.
        let passed = Int(summary.split(separator: " ").first ?? "") ?? 0
        #expect(passed >= 235, "only \(passed) files compared: \(summary)")
    }
}
