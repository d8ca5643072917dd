import Foundation
import ObjectStorage
import Testing

/// Resumable uploads to the server's buckets: the client the CLI and console use sends big objects in
/// chunks, asks how much was kept, and can abandon a session.
@Suite("Resumable uploads", .serialized)
struct ResumableUploadTests {
    @Test("GCSStorage writes a 1 MiB object in 256 KiB chunks; the bytes arrive intact and read back")
    func chunkedUpload() async throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        let folder = try server.bucket("big-uploads")
        let storage = GCSStorage(endpoint: URL(string: server.endpoint)!, credentials: .accessToken(ServerProcess.token), project: "p",
                                 configuration: .init(simpleUploadLimit: 0, chunkSize: 256 << 10))
        do {
            var bytes = Data(count: (1 << 20) + 123)
            for index in bytes.indices { bytes[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
            let info = try await storage.write(bucket: "big-uploads", object: "dir/big.bin", contentType: "application/octet-stream", data: bytes)
            #expect(info.size == Int64(bytes.count))
            #expect(try Data(contentsOf: folder.appendingPathComponent("dir/big.bin")) == bytes)
            #expect(try await storage.readAll(bucket: "big-uploads", object: "dir/big.bin") == bytes)
        } catch {
            try await storage.shutdown()
            throw error
        }
        try await storage.shutdown()
        // No staging file is left behind.
        let staging = server.data.appendingPathComponent("staging")
        #expect(((try? FileManager.default.contentsOfDirectory(atPath: staging.path)) ?? []).filter { $0.hasPrefix("resumable-") }.isEmpty)
    }

    @Test("curl: a session answers 308 with the kept range, skips resent bytes, refuses gaps, and DELETE abandons it")
    func sessionProtocol() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start()
        let folder = try server.bucket("sessions")
        let start = try server.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", "-X", "POST",
                                                     "-H", "Authorization: Bearer \(ServerProcess.token)", "-H", "Content-Type: application/json",
                                                     "--data", #"{"name":"s.txt"}"#,
                                                     "\(server.endpoint)/upload/storage/v1/b/sessions/o?uploadType=resumable"])
        let location = try #require(start.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") })
        let session = String(location.dropFirst("location:".count)).trimmingCharacters(in: .whitespaces)
        func put(_ range: String, _ body: String?) throws -> (Int, String) {
            var arguments = ["-s", "-D", "-", "-X", "PUT", "-H", "Authorization: Bearer \(ServerProcess.token)", "-H", "Content-Range: \(range)"]
            arguments += body.map { ["--data-binary", $0] } ?? ["-H", "Content-Length: 0"]
            let run = try server.run("/usr/bin/curl", arguments + [session])
            let status = Int(run.stdout.split(separator: " ").dropFirst().first ?? "") ?? 0
            return (status, run.stdout)
        }
        var (status, answer) = try put("bytes 0-4/*", "hello")
        #expect(status == 308 && answer.contains("Range: bytes=0-4"))
        (status, answer) = try put("bytes 3-7/*", "lo, w")  // 3-4 again, then 5-7
        #expect(status == 308 && answer.contains("Range: bytes=0-7"))
        (status, _) = try put("bytes 10-11/*", "xx")  // a gap
        #expect(status == 400)
        // A chunk cut off midway (it claims 4 bytes, carries 2) keeps nothing of itself.
        (status, _) = try put("bytes 8-11/*", "XX")
        #expect(status == 400)
        (status, _) = try put("bytes 0-9223372036854775806/*", "x")  // absurd ranges are refused, not trusted
        #expect(status == 400 || status == 413)
        (status, answer) = try put("bytes */*", nil)
        #expect(status == 308 && answer.contains("Range: bytes=0-7"))
        (status, answer) = try put("bytes 8-11/12", "orld")
        #expect(status == 200)
        #expect(try String(contentsOf: folder.appendingPathComponent("s.txt"), encoding: .utf8) == "hello, world")
        (status, _) = try put("bytes */12", nil)
        #expect(status == 404, "a finished session is gone")

        // A second session, abandoned: no object, and the session is gone.
        let second = try server.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", "-X", "POST",
                                                      "-H", "Authorization: Bearer \(ServerProcess.token)", "--data", #"{"name":"gone.txt"}"#,
                                                      "\(server.endpoint)/upload/storage/v1/b/sessions/o?uploadType=resumable"])
        let url = try #require(second.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") })
            .dropFirst("location:".count).trimmingCharacters(in: .whitespaces)
        let cancel = try server.run("/usr/bin/curl", ["-s", "-o", "/dev/null", "-w", "%{http_code}", "-X", "DELETE",
                                                      "-H", "Authorization: Bearer \(ServerProcess.token)", url])
        #expect(cancel.stdout == "499")
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("gone.txt").path))
    }

    @Test("behind a proxy, upload sessions are handed out under --public-url")
    func publicURL() throws {
        let server = try ServerProcess()
        defer { server.stop() }
        try server.start(["--token", ServerProcess.token, "--public-url", "https://dicom.example.org/"])
        _ = try server.bucket("proxied")
        let start = try server.run("/usr/bin/curl", ["-s", "-D", "-", "-o", "/dev/null", "-X", "POST",
                                                     "-H", "Authorization: Bearer \(ServerProcess.token)", "--data", #"{"name":"p.txt"}"#,
                                                     "\(server.endpoint)/upload/storage/v1/b/proxied/o?uploadType=resumable"])
        let location = start.stdout.split(separator: "\r\n").first { $0.lowercased().hasPrefix("location:") }
        #expect(location?.contains("https://dicom.example.org/upload/storage/v1/b/proxied/o?uploadType=resumable&upload_id=") == true)
    }
}
