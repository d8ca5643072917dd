import CNCurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// How the terminal should look.
public struct TerminalOptions: Sendable {
    /// `--no-color` (NO_COLOR in the environment has the same effect).
    public var noColor: Bool
    /// `--ascii`: ASCII glyphs even in a UTF-8 locale.
    public var ascii: Bool
    /// Ask the terminal to report mouse clicks (`--no-mouse` turns it off).
    public var mouse: Bool

    /// Options.
    public init(noColor: Bool = false, ascii: Bool = false, mouse: Bool = true) {
        self.noColor = noColor
        self.ascii = ascii
        self.mouse = mouse
    }
}

/// The only type that talks to ncurses, on the main actor only. It sets the terminal up (locale,
/// signals, modes, colours), shows canvases, reads keys, and restores the terminal.
@MainActor
public final class NCursesScreen {
    /// The glyph set chosen from the codeset (or `--ascii`).
    public let glyphs: Glyphs
    /// True when the locale's codeset is UTF-8.
    public let isUTF8: Bool
    /// True when colours are in use.
    public let hasColors: Bool
    /// True when the terminal reports mouse clicks (asked for, and its terminfo describes a mouse).
    public let hasMouse: Bool
    private let window: UnsafeMutablePointer<WINDOW>
    private let lineDrawing: Bool
    private var pairs: [ColorPair: Int16] = [:]
    private var ended = false

    private struct ColorPair: Hashable {
        var fg: Int16
        var bg: Int16
    }

    /// Opens the terminal in curses mode. `wakeFD` is the write end of the loop's wake pipe (signals
    /// write to it).
    public init(options: TerminalOptions, wakeFD: Int32) throws {
        setlocale(LC_ALL, "")
        let codeset = nl_langinfo(nl_item(CODESET)).map { String(cString: $0) } ?? ""
        isUTF8 = codeset == "UTF-8"
        glyphs = isUTF8 && !options.ascii ? .unicode : .ascii
        lineDrawing = !isUTF8 || options.ascii
        SignalGuard.unblockSignals()
        SignalGuard.installLoopHandlers(wakeFD: wakeFD)
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw ConsoleError("the console needs a terminal (standard input and output are not one); use the subcommands for scripts")
        }
        guard let window = initscr() else { throw ConsoleError("cannot initialize the terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? ""))") }
        self.window = window
        cbreak()
        noecho()
        keypad(window, true)
        nodelay(window, true)
        set_escdelay(25)
        curs_set(0)
        leaveok(window, true)
        let noColor = options.noColor || !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if has_colors(), !noColor {
            start_color()
            use_default_colors()
            hasColors = true
        } else {
            hasColors = false
        }
        hasMouse = options.mouse && Self.enableMouse()
        var restore: [UInt8] = []
        for capability in ["sgr0", "cnorm", "rmcup"] {
            if let value = swc_tigetstr(capability) { restore += Array(String(cString: value).utf8) }
        }
        if hasMouse { restore += Array(MouseReporting.off.utf8) }
        SignalGuard.installCrashHandlers(restoreSequence: restore + Array("\r\n".utf8))
        atexit { endwin() }
    }

    /// The terminal's size (columns, rows).
    public var size: (width: Int, height: Int) { (Int(getmaxx(window)), Int(getmaxy(window))) }

    /// Shows a canvas: erases the window, writes runs of equal style, and lets ncurses send only the
    /// difference (never `clear()` per frame).
    public func present(_ canvas: Canvas) {
        werase(window)
        for y in 0..<min(canvas.height, Int(getmaxy(window))) {
            var run = ""
            var runStart = 0
            var runStyle: Style?
            var x = 0
            while x < canvas.width {
                let cell = canvas[x, y]
                defer { x += 1 }
                if cell.isContinuation { continue }
                if lineDrawing, let letter = LineDrawing.acsLetter(cell.char) {
                    flush(&run, y: y, x: runStart, style: runStyle)
                    runStyle = nil
                    wattr_set(window, attributes(cell.style), pair(cell.style), nil)
                    mvwaddch(window, Int32(y), Int32(x), swc_acs(CChar(letter.asciiValue ?? 0x71)))
                    continue
                }
                if runStyle != cell.style {
                    flush(&run, y: y, x: runStart, style: runStyle)
                    runStart = x
                    runStyle = cell.style
                }
                run += isUTF8 ? String(cell.char) : Self.ascii(cell.char)
            }
            flush(&run, y: y, x: runStart, style: runStyle)
        }
        wnoutrefresh(window)
        doupdate()
    }

    private func flush(_ run: inout String, y: Int, x: Int, style: Style?) {
        guard !run.isEmpty, let style else { return }
        wattr_set(window, attributes(style), pair(style), nil)
        mvwaddstr(window, Int32(y), Int32(x), run)  // the bottom-right cell returns ERR but is drawn
        run = ""
    }

    /// A character a non-UTF-8 terminal can show: ASCII stand-ins for the console's symbols, `?` else.
    static func ascii(_ character: Character) -> String {
        if character.isASCII { return String(character) }
        let wide = CellWidth.of(character) == 2
        let stand: String = switch character {
        case "…": "~"
        case "›", "▸", "→": ">"
        case "▾": "v"
        case "·", "─": "-"
        case "✓": "+"
        case "✗": "x"
        case "█": "#"
        case "░": "."
        case "•": "*"
        case "←": "<"
        case "│": "|"
        default: "?"
        }
        return wide ? stand + "?" : stand
    }

    private func attributes(_ style: Style) -> attr_t {
        var value = SWC_A_NORMAL
        if style.bold { value |= SWC_A_BOLD }
        if style.dim { value |= SWC_A_DIM }
        if style.reverse { value |= SWC_A_REVERSE }
        if style.underline { value |= SWC_A_UNDERLINE }
        return value
    }

    /// The colour pair of a style, allocated on first use (0, the default, when colours are off or
    /// the terminal has no pairs left).
    private func pair(_ style: Style) -> Int16 {
        guard hasColors, style.fg != nil || style.bg != nil else { return 0 }
        let key = ColorPair(fg: style.fg?.rawValue ?? -1, bg: style.bg?.rawValue ?? -1)
        if let existing = pairs[key] { return existing }
        let next = Int16(pairs.count + 1)
        guard Int32(next) < swc_color_pairs() else { return 0 }
        init_pair(next, key.fg, key.bg)
        pairs[key] = next
        return next
    }

    /// The next key, if one is waiting (never blocks).
    public func readKey() -> Key? {
        while true {
            var code: wint_t = 0
            let status = wget_wch(window, &code)
            if status == ERR { return nil }
            if status == KEY_CODE_YES {
                if Int32(code) == KEY_MOUSE {
                    if let event = readMouse() { return .mouse(event) }
                    continue
                }
                if let key = Self.functionKey(Int32(code)) { return key }
                continue
            }
            guard let key = Key.decode(character: UInt32(code)) else { continue }
            if key == .escape, skipUnknownSequence() { continue }
            return key
        }
    }

    /// After an Esc: when a CSI (`Esc [ … final`) or SS3 (`Esc O x`) sequence follows at once, it is a key
    /// terminfo does not describe (ncurses hands such sequences back a character at a time): it is
    /// dropped and true returned, rather than read as Esc plus characters. Anything else is put back.
    private func skipUnknownSequence() -> Bool {
        var code: wint_t = 0
        let status = wget_wch(window, &code)
        if status == ERR { return false }
        if status == KEY_CODE_YES {
            ungetch(Int32(code))
            return false
        }
        guard code == 0x5B || code == 0x4F else {
            unget_wch(wchar_t(code))
            return false
        }
        let introducer = code
        for _ in 0..<16 {
            guard wget_wch(window, &code) != ERR else { break }
            if introducer == 0x4F || (0x40...0x7E).contains(code) { break }
        }
        return true
    }

    static func functionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_ENTER: .enter
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_BTAB: .backTab
        case KEY_RESIZE: .resize
        case (KEY_F0 + 1)...(KEY_F0 + 12): .function(Int(code - KEY_F0))
        default: nil
        }
    }

    /// After SIGWINCH: asks the kernel for the size and resizes curses' windows; the new size.
    public func updateSize() -> (width: Int, height: Int) {
        var rows: Int32 = 0
        var columns: Int32 = 0
        if swc_terminal_size(STDOUT_FILENO, &rows, &columns) == 0, rows != getmaxy(window) || columns != getmaxx(window) {
            resizeterm(rows, columns)
        }
        return size
    }

    /// Ctrl-Z: leaves curses mode and stops the process; returns once continued (the next frame then
    /// restores curses mode and repaints everything).
    public func suspend() {
        endwin()
        SignalGuard.stopProcess()
        clearok(swc_curscr(), true)
    }

    /// Ctrl-L: the next frame repaints every cell.
    public func repaintAll() {
        clearok(swc_curscr(), true)
    }

    /// Leaves curses mode (idempotent).
    public func shutdown() {
        guard !ended else { return }
        ended = true
        endwin()
    }
}

/// A console start-up failure, shown on standard error.
public struct ConsoleError: Error, CustomStringConvertible {
    /// What went wrong.
    public let description: String
    /// An error with its message.
    public init(_ description: String) { self.description = description }
}
