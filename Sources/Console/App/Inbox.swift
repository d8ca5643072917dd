import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// The hand-off from background work to the UI loop: events appended under a lock, and one byte written
/// to a non-blocking pipe that the loop's `poll()` watches.
final class Inbox: Sendable {
    private struct Contents: Sendable {
        var events: [Event] = []
        var inFlight = 0
    }

    private let contents = Mutex(Contents())
    /// The pipe's read end (the loop polls it) and write end.
    let readFD: Int32
    /// The write end (signal handlers write to it too).
    var wakeFD: Int32 { writeFD }
    private let writeFD: Int32

    /// Creates the inbox and its wake pipe.
    init() {
        var fds: [Int32] = [-1, -1]
        if pipe(&fds) != 0 { fds = [-1, -1] }
        for fd in fds where fd >= 0 {
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        close(readFD)
        close(writeFD)
    }

    /// Adds an event and wakes the loop.
    func post(_ event: Event, finishing: Bool = false) {
        contents.withLock {
            $0.events.append(event)
            if finishing { $0.inFlight -= 1 }
        }
        wake()
    }

    /// Counts a command as started.
    func started() {
        contents.withLock { $0.inFlight += 1 }
    }

    /// Counts a command as finished without an event.
    func finished() {
        contents.withLock { $0.inFlight -= 1 }
        wake()
    }

    /// Wakes the loop (a full pipe already means "wake up").
    func wake() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// Takes every pending event and the number of commands still running; empties the wake pipe.
    func drain() -> (events: [Event], inFlight: Int) {
        var buffer = [UInt8](repeating: 0, count: 256)
        while read(readFD, &buffer, buffer.count) > 0 {}
        return contents.withLock { contents in
            defer { contents.events = [] }
            return (contents.events, contents.inFlight)
        }
    }
}
