import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A detached worker yields to interactive work, as a batch job under `nice` would: the console (or a
/// server) on the same machine stays responsive while an import keeps its threads busy.
///
/// The worker runs in its own session, and with the scheduler's autogroups (Linux's default) a session
/// is one group that gets as much CPU as any other, whatever its threads' own niceness: so the group is
/// lowered (`/proc/self/autogroup`), and the threads too, for systems without autogroups. Measured under
/// tmux on 2 cores during a 100,000-object import: key-to-screen p99 of 30–70 ms in one run out of two
/// with the threads niced alone (a `tmux` client waited 47 ms for a CPU, `perf sched`), 10–12 ms with the
/// group lowered.
public enum BackgroundPriority {
    static let niceness: Int32 = 10

    /// Lowers every thread of this process (Linux priorities are per thread; threads started later
    /// inherit their creator's), and its scheduling group when the process leads its own session (as
    /// `DetachedProcessRunner` starts it): a worker run from a shell must not lower the shell's session.
    public static func lower() {
        let group = getsid(0) == getpid() ? open("/proc/self/autogroup", O_WRONLY | O_CLOEXEC) : -1
        if group >= 0 {
            let text = String(niceness)
            _ = text.withCString { write(group, $0, strlen($0)) }
            close(group)
        }
        let threads = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        for thread in threads.compactMap({ id_t($0) }) {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), thread, niceness)
        }
    }
}
