import Foundation
import Testing
import TestSupport

/// Runs `Tests/Oracle/render_reference.py` (pydicom + numpy) over many file:frame requests at once and
/// reads back its reference arrays.
enum ImagingOracle {
    /// One reference frame, or pydicom's reason for not producing it.
    struct Reference {
        let file: String
        let frame: Int
        let reason: String?
        let rows: Int, columns: Int, samples: Int, channels: Int
        let decoded: [Int]
        let rendered: [UInt8]
    }

    /// Asks the oracle for `requests` (path, frame) and returns its answers in order.
    static func references(_ requests: [(path: String, frame: Int)], sourceLocation: SourceLocation = #_sourceLocation) throws -> [Reference] {
        let folder = try Corpus.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Corpus.packageRoot.appendingPathComponent("Tests/Oracle/render_reference.py").path
        let output = try Corpus.run("python3", [script, folder.path] + requests.map { "\($0.path):\($0.frame)" })
        guard output.status == 0 else {
            Issue.record("the oracle failed (pip install pylibjpeg pylibjpeg-libjpeg pylibjpeg-openjpeg pyjpegls?): \(output.stderr)",
                         sourceLocation: sourceLocation)
            return []
        }
        return try output.stdout.split(separator: "\n").map { line in
            let json = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
            let file = json["file"] as? String ?? ""
            let frame = (json["frame"] as? Int) ?? Int(json["frame"] as? String ?? "") ?? 0
            guard json["status"] as? String == "ok", let decodedPath = json["decoded"] as? String,
                  let renderPath = json["render"] as? String else {
                return Reference(file: file, frame: frame, reason: json["reason"] as? String ?? "unknown", rows: 0, columns: 0,
                                 samples: 0, channels: 0, decoded: [], rendered: [])
            }
            let decoded = try Data(contentsOf: URL(fileURLWithPath: decodedPath)).withUnsafeBytes { raw in
                (0..<(raw.count / 8)).map { Int(Int64(littleEndian: raw.loadUnaligned(fromByteOffset: $0 * 8, as: Int64.self))) }
            }
            let rendered = try [UInt8](Data(contentsOf: URL(fileURLWithPath: renderPath)))
            return Reference(file: file, frame: frame, reason: nil, rows: json["rows"] as? Int ?? 0,
                             columns: json["columns"] as? Int ?? 0, samples: json["samples"] as? Int ?? 0,
                             channels: json["channels"] as? Int ?? 0, decoded: decoded, rendered: rendered)
        }
    }
}
