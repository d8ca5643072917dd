import DicomStore
import Foundation
import Hummingbird
import ObjectStorage
#if canImport(Glibc)
import Glibc
#endif

/// Cloud Storage resumable uploads (`uploadType=resumable`): a session is a staging file that chunks
/// (`PUT` with `Content-Range: bytes A-B/TOTAL|*`) append to in order; `bytes */TOTAL` asks how much is
/// kept (308 with `Range: bytes=0-N`), the last chunk writes the object, `DELETE` abandons the session.
/// Each session holds the blob writer lock while its staging file exists.
actor ResumableUploads {
    struct Session {
        let bucket: String
        let object: String
        let contentType: String?
        let path: String
        let lock: BlobLock
        var received: Int64 = 0
        var touched = Date()
        /// A chunk is being written: another PUT or a DELETE waits its turn (answered 503, retried).
        var busy = false
    }

    private var sessions: [String: Session] = [:]
    /// Sessions idle for longer are dropped with their staging files (Cloud Storage keeps them a week; a
    /// local server holds the blob writer lock for each, so an hour).
    static let idleLimit: TimeInterval = 3600

    /// Opens a session; returns its ID.
    func start(bucket: String, object: String, contentType: String?, staging: (folder: URL, lock: BlobLock)) throws -> String {
        expire()
        let (folder, lock) = staging
        let id = UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
        let path = folder.appendingPathComponent("resumable-" + id).path
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            lock.release()
            throw ServiceError(.internal, "cannot create the staging file of an upload")
        }
        sessions[id] = Session(bucket: bucket, object: object, contentType: contentType, path: path, lock: lock)
        return id
    }

    func session(_ id: String) throws -> Session {
        expire()
        guard let session = sessions[id] else {
            throw ServiceError(.notFound, "no upload session \(id): it finished, was cancelled or expired")
        }
        return session
    }

    /// Claims a session for one request; refused while another request works on it.
    func claim(_ id: String) throws -> Session {
        let session = try session(id)
        guard !session.busy else {
            throw ServiceError(.unavailable, "upload session \(id) is busy with another request; ask for its status and resume")
        }
        sessions[id]?.busy = true
        return session
    }

    /// Releases a claimed session, recording how many bytes it now holds.
    func release(_ id: String, received: Int64) {
        sessions[id]?.received = received
        sessions[id]?.touched = Date()
        sessions[id]?.busy = false
    }

    /// Ends a session and removes its staging file.
    func end(_ id: String) {
        guard let session = sessions.removeValue(forKey: id) else { return }
        unlink(session.path)
        session.lock.release()
    }

    private func expire() {
        let now = Date()
        for (id, session) in sessions where !session.busy && now.timeIntervalSince(session.touched) > Self.idleLimit { end(id) }
    }
}

/// `Content-Range: bytes A-B/TOTAL`, `bytes A-B/*` or `bytes */TOTAL`.
struct ContentRange: Equatable {
    var first: Int64?
    var last: Int64?
    var total: Int64?

    init(_ header: String?) throws {
        guard let header, header.hasPrefix("bytes ") else {
            throw ServiceError(.invalidArgument, "a resumable upload chunk needs Content-Range: bytes A-B/TOTAL (or bytes */TOTAL)")
        }
        let parts = header.dropFirst(6).split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2 else { throw ServiceError(.invalidArgument, "Content-Range \"\(header)\" is not bytes A-B/TOTAL") }
        if parts[1] != "*" {
            guard let total = Int64(parts[1]), total >= 0 else { throw ServiceError(.invalidArgument, "Content-Range \"\(header)\" has a bad total") }
            self.total = total
        }
        if parts[0] != "*" {
            let bounds = parts[0].split(separator: "-", maxSplits: 1).map { Int64($0) }
            guard bounds.count == 2, let first = bounds[0], let last = bounds[1], first >= 0, last >= first,
                  last < Int64.max / 2, total.map({ last < $0 }) ?? true else {
                throw ServiceError(.invalidArgument, "Content-Range \"\(header)\" has a bad byte range")
            }
            self.first = first
            self.last = last
        }
    }
}
