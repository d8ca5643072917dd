import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Fixed storage the signal handlers read and write: everything is allocated before a handler is
/// installed, so the handlers only touch atomics, raw memory and async-signal-safe calls.
final class SignalState: @unchecked Sendable {
    let interrupts = Atomic<Int>(0)
    /// The SIGTERM or SIGHUP received (0: none).
    let terminate = Atomic<Int32>(0)
    let resized = Atomic<Bool>(false)
    let suspend = Atomic<Bool>(false)
    let wakeFD = Atomic<Int32>(-1)
    let restoreLength = Atomic<Int>(0)
    let hasTermios = Atomic<Bool>(false)
    let restoreBytes = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
    let savedTermios = UnsafeMutablePointer<termios>.allocate(capacity: 1)
    let oldActions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
}

private let signalState = SignalState()

/// Signals and the terminal: unblocks the signals the console needs, turns SIGINT, SIGTERM, SIGHUP,
/// SIGWINCH and SIGTSTP into loop events, and restores the terminal before a crash report is printed.
///
/// The loop handles these signals itself rather than leaving them to ncurses: a process-directed signal
/// is delivered to whichever thread does not block it (on Linux the process's first thread first), which
/// need not be the thread running the loop, so a handler's only job is to note the signal and write a
/// byte to the wake pipe; the loop then resizes, suspends or quits on its own thread.
public enum SignalGuard {
    /// The signals a console must receive (worker threads block them; a parent may have too).
    static let unblocked: [Int32] = [SIGWINCH, SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGTSTP, SIGCONT]

    /// Signals after which the process ends in a crash report.
    static let crashes: [Int32] = [SIGQUIT, SIGABRT, SIGILL, SIGTRAP, SIGSEGV, SIGBUS]

    /// Unblocks the console's signals on this (the main) thread. Call before `initscr`.
    public static func unblockSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for signal in unblocked { sigaddset(&set, signal) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    /// Saves the terminal modes and installs the SIGINT, SIGTERM, SIGHUP, SIGWINCH and SIGTSTP handlers
    /// that wake the loop. Call before `initscr`, so ncurses keeps them instead of installing its own.
    static func installLoopHandlers(wakeFD: Int32) {
        let state = signalState
        state.wakeFD.store(wakeFD, ordering: .sequentiallyConsistent)
        if tcgetattr(STDIN_FILENO, state.savedTermios) == 0 { state.hasTermios.store(true, ordering: .sequentiallyConsistent) }
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_RESTART
        action.__sigaction_handler.sa_handler = { signal in
            if signal == SIGINT {
                signalState.interrupts.add(1, ordering: .sequentiallyConsistent)
            } else if signal == SIGWINCH {
                signalState.resized.store(true, ordering: .sequentiallyConsistent)
            } else if signal == SIGTSTP {
                signalState.suspend.store(true, ordering: .sequentiallyConsistent)
            } else {
                // A second SIGTERM/SIGHUP while the loop has not reacted ends the process at once.
                if signalState.terminate.exchange(signal, ordering: .sequentiallyConsistent) != 0 {
                    SignalGuard.restoreTerminal()
                    _exit(128 + signal)
                }
            }
            var byte: UInt8 = 1
            _ = write(signalState.wakeFD.load(ordering: .sequentiallyConsistent), &byte, 1)
        }
        for signal in loopSignals { sigaction(signal, &action, nil) }
    }

    /// The signals the loop handles.
    static let loopSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGWINCH, SIGTSTP]

    /// Stops the process as Ctrl-Z would (default SIGTSTP), then puts the handler back once continued.
    static func stopProcess() {
        var original = sigaction()
        var fallback = sigaction()
        sigemptyset(&fallback.sa_mask)
        fallback.__sigaction_handler.sa_handler = nil  // SIG_DFL
        sigaction(SIGTSTP, &fallback, &original)
        raise(SIGTSTP)  // to this thread, which does not block it: stops the process before returning
        sigaction(SIGTSTP, &original, nil)
    }

    /// Records how to leave curses mode (`rmcup`, `cnorm`, `sgr0`) and installs the crash handlers,
    /// which restore the terminal and then chain to the previous handler (the runtime's backtracer).
    static func installCrashHandlers(restoreSequence: [UInt8]) {
        let state = signalState
        let count = min(restoreSequence.count, 256)
        for index in 0..<count { state.restoreBytes[index] = restoreSequence[index] }
        state.restoreLength.store(count, ordering: .sequentiallyConsistent)
        var action = sigaction()
        sigemptyset(&action.sa_mask)
        action.sa_flags = SA_SIGINFO | SA_ONSTACK
        action.__sigaction_handler.sa_sigaction = { signal, info, context in
            SignalGuard.restoreTerminal()
            let old = signalState.oldActions[Int(signal)]
            if old.sa_flags & SA_SIGINFO != 0, let handler = old.__sigaction_handler.sa_sigaction {
                handler(signal, info, context)
                return
            }
            let plain = old.__sigaction_handler.sa_handler
            let raw = unsafeBitCast(plain, to: Int.self)
            if let plain, raw != 1 {  // 1 is SIG_IGN
                plain(signal)
                return
            }
            var fallback = sigaction()
            sigemptyset(&fallback.sa_mask)
            fallback.__sigaction_handler.sa_handler = nil  // SIG_DFL
            sigaction(signal, &fallback, nil)
            raise(signal)
        }
        for signal in crashes { sigaction(signal, &action, state.oldActions + Int(signal)) }
    }

    /// Leaves curses mode with async-signal-safe calls only: the saved escape sequences and termios.
    static func restoreTerminal() {
        let state = signalState
        let length = state.restoreLength.load(ordering: .sequentiallyConsistent)
        if length > 0 { _ = write(STDOUT_FILENO, state.restoreBytes, length) }
        if state.hasTermios.load(ordering: .sequentiallyConsistent) { tcsetattr(STDIN_FILENO, TCSANOW, state.savedTermios) }
    }

    /// Ctrl-C presses since the last call.
    static func takeInterrupts() -> Int { signalState.interrupts.exchange(0, ordering: .sequentiallyConsistent) }

    /// True once after SIGWINCH.
    static func takeResized() -> Bool { signalState.resized.exchange(false, ordering: .sequentiallyConsistent) }

    /// True once after SIGTSTP (Ctrl-Z).
    static func takeSuspend() -> Bool { signalState.suspend.exchange(false, ordering: .sequentiallyConsistent) }

    /// SIGTERM or SIGHUP, once one arrived.
    static var terminationSignal: Int32? {
        let signal = signalState.terminate.load(ordering: .sequentiallyConsistent)
        return signal == 0 ? nil : signal
    }
}
