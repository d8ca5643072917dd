import Foundation
import ObjectStorage
import Testing
import TestSupport

/// The gcloud-shaped CLI, run as a user runs it: storage commands, datasets, stores, import, operations.
@Suite("CLI", .serialized)
struct CLITests {
    struct Run { let status: Int32; let stdout: String; let stderr: String }

    let root = FileManager.default.temporaryDirectory.appendingPathComponent("cli-\(UUID().uuidString)")
    var data: String { root.appendingPathComponent("data").path }

    func cli(_ arguments: String...) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment.removeValue(forKey: "STORAGE_EMULATOR_HOST")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        let output = try ProgramRun.run(Corpus.binaryPath, arguments + ["--data-dir", data], environment: environment, scratch: root)
        return Run(status: output.status, stdout: output.stdout, stderr: output.stderr)
    }

    func samples() -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Resources/samples").path
    }

    @Test("storage: buckets, wildcard ls, cp both ways, cat, and refused escapes")
    func storage() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli("storage", "buckets", "create", "gs://samples", "--path", samples()).status == 0)
        #expect(try cli("storage", "buckets", "create", "gs://exports").status == 0)
        let listed = try cli("storage", "ls", "gs://samples/phantom-s2-*.dcm")
        #expect(listed.stdout.split(separator: "\n") == ["gs://samples/phantom-s2-i1.dcm", "gs://samples/phantom-s2-i2.dcm", "gs://samples/phantom-s2-i3.dcm"])
        #expect(try cli("storage", "cp", "gs://samples/phantom-s1-*.dcm", "gs://exports/copies/").status == 0)
        #expect(try cli("storage", "ls", "-r", "gs://exports").stdout.split(separator: "\n").count == 3)
        let local = root.appendingPathComponent("down").path + "/"
        #expect(try cli("storage", "cp", "-r", "gs://exports/copies", local).status == 0)
        #expect(try FileManager.default.contentsOfDirectory(atPath: local).sorted() == ["phantom-s1-i1.dcm", "phantom-s1-i2.dcm", "phantom-s1-i3.dcm"])
        let cat = try cli("storage", "cat", "gs://exports/copies/phantom-s1-i1.dcm")
        #expect(cat.stdout.utf8.count > 30_000)
        let escape = try cli("storage", "cp", samples() + "/phantom-s1-i1.dcm", "gs://exports/../outside.dcm")
        #expect(escape.status != 0 && escape.stderr.contains("refused"))
        let badPattern = try cli("storage", "ls", "gs://samples/**/x.dcm")
        #expect(badPattern.status != 0 && badPattern.stderr.contains("^"))
    }

    @Test("config set data-dir: commands without --data-dir use it, --data-dir still wins, relative paths refused")
    func configuredDataDirectory() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        var environment = ProcessInfo.processInfo.environment
        environment["XDG_CONFIG_HOME"] = root.appendingPathComponent("config").path
        environment["XDG_DATA_HOME"] = root.appendingPathComponent("xdg").path
        func run(_ arguments: String...) throws -> Corpus.Output {
            try ProgramRun.run(Corpus.binaryPath, arguments, environment: environment, scratch: root)
        }
        #expect(try run("config", "get", "data-dir").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
                == root.appendingPathComponent("xdg/dicom-console").path)
        let configured = root.appendingPathComponent("configured").path
        #expect(try run("config", "set", "data-dir", configured).status == 0)
        #expect(try run("config", "get", "data-dir").stdout.trimmingCharacters(in: .whitespacesAndNewlines) == configured)
        #expect(try run("datasets", "create", "here").status == 0)
        #expect(FileManager.default.fileExists(atPath: configured + "/index.sqlite"), "the configured directory holds the data")
        #expect(try run("datasets", "list").stdout.contains("here"))
        #expect(try run("datasets", "list", "--data-dir", data).stdout.contains("here") == false, "--data-dir wins")
        #expect(try run("config", "set", "data-dir", "relative/dir").status != 0)
    }

    @Test("datasets, stores, import and operations print the cloud's shapes")
    func healthcare() throws {
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        #expect(try cli("config", "set", "project", "cli-project").status == 0)
        let agent = ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: "cli-project"))
        #expect(try cli("storage", "buckets", "create", "gs://samples", "--path", samples()).status == 0)
        #expect(try cli("datasets", "create", "ds", "--labels=team=radiology").status == 0)
        let described = try cli("datasets", "describe", "ds", "--format", "json")
        let json = try JSONSerialization.jsonObject(with: Data(described.stdout.utf8)) as? [String: Any]
        #expect(json?["name"] as? String == "projects/cli-project/locations/local/datasets/ds")
        #expect((json?["labels"] as? [String: String])?["team"] == "radiology")
        #expect(try cli("datasets", "create", "ds").status == 1)
        #expect(try cli("dicom-stores", "create", "st", "--dataset", "ds").status == 0)

        let denied = try cli("dicom-stores", "import", "gcs", "st", "--dataset", "ds", "--gcs-uri", "gs://samples/*.dcm")
        #expect(denied.status == 1 && denied.stdout.contains("roles/storage.objectViewer") && denied.stdout.contains("code: 7"))
        #expect(try cli("storage", "buckets", "add-iam-policy-binding", "gs://samples", "--member=\(agent)", "--role=roles/storage.objectViewer").status == 0)
        let imported = try cli("dicom-stores", "import", "gcs", "st", "--dataset", "ds", "--gcs-uri", "gs://samples/*.dcm")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("success: '6'") && imported.stdout.contains("done: true"))
        #expect(imported.stdout.contains("apiMethodName: google.cloud.healthcare.v1.dicom.DicomService.ImportDicomData"))
        #expect(imported.stderr.contains("Waiting for operation") && imported.stderr.contains("done."))
        let stores = try cli("dicom-stores", "list", "--dataset", "ds")
        #expect(stores.stdout.contains("st\t1\t2\t6\t"))
        let operations = try cli("operations", "list", "--dataset", "ds", "--filter", "done=true")
        #expect(operations.stdout.split(separator: "\n").count == 3)  // header, import, denied import
        let id = String(operations.stdout.split(separator: "\n")[1].split(separator: "\t")[0])
        let operation = try cli("operations", "describe", id, "--dataset", "ds", "--format", "json")
        #expect(operation.stdout.contains("\"success\": \"6\""))
    }
}
