import CPosixExtras
import ObjectStorage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs each operation in its own detached process (`dicom-console operations run-worker NAME`), in a
/// new session, so that closing the terminal or quitting the console does not stop it.
///
/// Spawned with `posix_spawn`, no descriptor but the standard three, an empty signal mask and default handlers: a child of `Foundation.Process`
/// started from async code inherits a mask that blocks SIGTERM and SIGINT, and could then not be stopped.
public struct DetachedProcessRunner: OperationRunner {
    /// The executable and the arguments that come before the operation name.
    public let executable: String
    public let arguments: [String]

    public init(executable: String, arguments: [String]) {
        self.executable = executable
        self.arguments = arguments
    }

    public func start(_ operation: OperationName, service: EmbeddedService) throws {
        let log = service.dataDirectory.appendingPathComponent("workers.log").path
        let pid = try Self.spawn(executable, arguments + [operation.description], errorLog: log)
        // Reap it when it ends (if this process lives that long), so it does not linger as a zombie.
        Thread.detachNewThread { _ = waitpid(pid, nil, 0) }
    }

    /// Starts a process in a new session with a clean signal state; standard input and output go to
    /// /dev/null and standard error is appended to `errorLog`. Returns its PID.
    static func spawn(_ executable: String, _ arguments: [String], errorLog: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, errorLog, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        // Nothing else the starter had open (a pipe its own caller waits on to close, a socket) stays
        // open in the worker, which may run for hours after the starter is gone.
        posix_spawn_file_actions_addclosefrom_np(&actions, 3)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        let setsid: Int16 = 0x80  // POSIX_SPAWN_SETSID (glibc 2.26+), not exported to Swift
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF) | setsid)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, argv, environ)
        guard status == 0 else {
            throw ServiceError(.internal, "cannot start a worker (\(executable)): \(String(cString: strerror(status)))")
        }
        return pid
    }
}
