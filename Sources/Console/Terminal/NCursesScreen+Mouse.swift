import CNCurses

/// The escape sequences of xterm-style mouse reporting (what ncurses sends to turn it on and off).
enum MouseReporting {
    /// Turns off X10 (1000) and SGR (1006) reporting: written by the crash handlers, which cannot call
    /// ncurses.
    static let off = "\u{1B}[?1006l\u{1B}[?1000l"
}

extension NCursesScreen {
    /// The buttons the console acts on: left presses and the wheel.
    static let mouseButtons: mmask_t = SWC_BUTTON1_PRESSED | SWC_BUTTON4_PRESSED | SWC_BUTTON5_PRESSED

    /// Asks the terminal for mouse reports; false when its terminfo describes no mouse (nothing is
    /// sent then, and the console stays keyboard-only). Click resolution is off (`mouseinterval(0)`):
    /// ncurses would otherwise hold every press up to 166 ms waiting for its release.
    ///
    /// The mask takes every button event, not only those the console acts on: for an event outside
    /// the mask (a release, a right click), ncurses 6.4 goes on reading the next event with a blocking
    /// `read()`, even in `nodelay` mode, and the loop would freeze until the next input.
    static func enableMouse() -> Bool {
        guard mousemask(SWC_ALL_MOUSE_EVENTS, nil) & mouseButtons != 0 else { return false }
        mouseinterval(0)
        return true
    }

    /// The mouse event ncurses queued after `KEY_MOUSE`, if it is one the console uses.
    func readMouse() -> MouseEvent? {
        var event = MEVENT()
        guard getmouse(&event) == OK else { return nil }
        return Self.mouseEvent(buttons: event.bstate, x: Int(event.x), y: Int(event.y))
    }

    /// Decodes ncurses' button state (the wheel, then the left button; releases and other buttons are
    /// dropped).
    static func mouseEvent(buttons: mmask_t, x: Int, y: Int) -> MouseEvent? {
        if buttons & SWC_BUTTON4_PRESSED != 0 { return MouseEvent(.scrollUp, x: x, y: y) }
        if buttons & SWC_BUTTON5_PRESSED != 0 { return MouseEvent(.scrollDown, x: x, y: y) }
        if buttons & (SWC_BUTTON1_PRESSED | SWC_BUTTON1_CLICKED | SWC_BUTTON1_DOUBLE_CLICKED) != 0 {
            return MouseEvent(.press, x: x, y: y)
        }
        return nil
    }
}
