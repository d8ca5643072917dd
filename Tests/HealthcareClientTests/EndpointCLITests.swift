import Foundation
import ObjectStorage
import Testing

/// The real CLI with `--endpoint` against the real `dicom-console serve` on loopback: every command goes
/// over HTTP; the server's data directory is only touched to prepare buckets and to look at exports.
@Suite(.serialized, .timeLimit(.minutes(5))) struct EndpointCLITests {
    static let samples = ServeProcess.packageRoot.appendingPathComponent("Resources/samples")
    static let agent = ServiceAgent.member(projectNumber: ServiceAgent.localProjectNumber(for: "remote-project"))

    /// Buckets on the server: `samples` (the six sample files and two junk files, readable by the service
    /// agent) and `exports` (writable).
    func prepare(_ root: URL) throws {
        let source = root.appendingPathComponent("source")
        try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
        for name in try FileManager.default.contentsOfDirectory(atPath: Self.samples.path) where name.hasSuffix(".dcm") {
            try FileManager.default.copyItem(at: Self.samples.appendingPathComponent(name), to: source.appendingPathComponent(name))
        }
        try Data("not DICOM".utf8).write(to: source.appendingPathComponent("junk.txt"))
        try Data(repeating: 0, count: 200).write(to: source.appendingPathComponent("zeros.dcm"))
        let server = root.appendingPathComponent("server").path
        for arguments in [["config", "set", "project", "remote-project"],
                          ["storage", "buckets", "create", "gs://samples", "--path", source.path, "--data-dir", server],
                          ["storage", "buckets", "create", "gs://exports", "--data-dir", server],
                          ["storage", "buckets", "add-iam-policy-binding", "gs://samples", "--member=\(Self.agent)",
                           "--role=\(BucketAccess.Need.read.role)", "--data-dir", server],
                          ["storage", "buckets", "add-iam-policy-binding", "gs://exports", "--member=\(Self.agent)",
                           "--role=\(BucketAccess.Need.write.role)", "--data-dir", server]] {
            let run = try ServeProcess.cli(arguments, root: root)
            guard run.status == 0 else { throw ServeProcess.Failure(description: "\(arguments): \(run.stderr)") }
        }
    }

    @Test("datasets, stores, import with wildcards, wait, logs, export: all through --endpoint")
    func endToEnd() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("endpoint-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        try prepare(root)
        let server = try await ServeProcess(root: root, token: "s3cret")
        defer { server.stop() }
        let client = root.appendingPathComponent("client").path
        func cli(_ arguments: String...) throws -> ServeProcess.Run {
            try ServeProcess.cli(arguments + ["--endpoint", server.endpoint, "--access-token", "s3cret", "--data-dir", client], root: root)
        }

        #expect(try cli("datasets", "create", "ds", "--labels=team=radiology").status == 0)
        #expect(try cli("datasets", "create", "ds").stderr.contains("ALREADY_EXISTS"))
        #expect(try cli("datasets", "list").stdout.contains("ds\tlocal\tUTC"))
        let described = try cli("datasets", "describe", "ds", "--format", "json")
        #expect(described.stdout.contains("\"name\": \"projects/remote-project/locations/local/datasets/ds\""), "\(described)")
        #expect(try cli("dicom-stores", "create", "st", "--dataset", "ds").status == 0)
        #expect(try cli("dicom-stores", "describe", "st", "--dataset", "ds").stdout.contains("name: projects/remote-project/locations/local/datasets/ds/dicomStores/st"))

        let started = try cli("dicom-stores", "import", "gcs", "st", "--dataset", "ds", "--gcs-uri", "gs://samples/*", "--async")
        #expect(started.status == 0, "\(started.stderr)")
        let name = try #require(started.stdout.split(separator: "\n").first { $0.hasPrefix("name: ") }).dropFirst("name: ".count)
        let id = String(try #require(name.split(separator: "/").last))
        let waited = try cli("operations", "wait", id, "--dataset", "ds")
        #expect(waited.stdout.contains("success: '6'") && waited.stdout.contains("failure: '2'") && waited.stdout.contains("done: true"),
                "\(waited.stdout)\(waited.stderr)")
        let logs = try cli("operations", "logs", id, "--dataset", "ds").stdout
        #expect(logs.contains("gs://samples/junk.txt") && logs.contains("gs://samples/zeros.dcm"), "\(logs)")
        #expect(try cli("dicom-stores", "list", "--dataset", "ds").stdout.contains("st\t1\t2\t6\t"))
        let listed = try cli("operations", "list", "--dataset", "ds", "--filter", "done=true").stdout
        #expect(listed.contains("\(id)\tlocal\tTrue\t"), "\(listed)")

        let exported = try cli("dicom-stores", "export", "gcs", "st", "--dataset", "ds", "--gcs-uri-prefix", "gs://exports/out")
        #expect(exported.status == 0 && exported.stdout.contains("success: '6'"), "\(exported.stderr)")
        let folder = root.appendingPathComponent("server/buckets/exports/out")
        let files = FileManager.default.enumerator(atPath: folder.path)?.compactMap { $0 as? String }.filter { $0.hasSuffix(".dcm") } ?? []
        #expect(files.count == 6)
        #expect(try cli("storage", "ls", "-r", "gs://exports/out").stdout.split(separator: "\n").count == 6,
                "the server's buckets are listed through its storage API")

        // Buckets and grants made through --endpoint are the server's (what its imports check).
        #expect(try cli("storage", "buckets", "create", "gs://made-remotely").stdout.contains("Created gs://made-remotely on http://"))
        #expect(FileManager.default.fileExists(atPath: root.appendingPathComponent("server/buckets/made-remotely").path))
        #expect(try cli("storage", "buckets", "create", "gs://made-remotely").stderr.contains("already exists"))
        let granted = try cli("storage", "buckets", "add-iam-policy-binding", "gs://made-remotely", "--member=\(Self.agent)",
                              "--role=\(BucketAccess.Need.read.role)")
        #expect(granted.status == 0 && granted.stdout.contains(Self.agent), "\(granted.stderr)")
        let policy = try await LocalStorage(dataDirectory: root.appendingPathComponent("server")).iamPolicy(bucket: "made-remotely")
        #expect(policy?.roles(of: Self.agent) == [BucketAccess.Need.read.role])
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("client/buckets.json").path))

        let refused = try ServeProcess.cli(["datasets", "list", "--endpoint", server.endpoint, "--access-token", "wrong", "--data-dir", client], root: root)
        #expect(refused.status == 2 && refused.stderr.contains("UNAUTHENTICATED"), "\(refused.stderr)")
        let worker = try cli("operations", "run-worker", String(name))
        #expect(worker.status == 1 && worker.stderr.contains("drop --endpoint"))
    }
}
