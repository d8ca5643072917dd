/// The test backend: a canvas as plain text and as a style mask, for exact snapshot comparison without
/// a terminal or escape codes.
public enum TextRenderer {
    /// The canvas's rows with trailing spaces trimmed, joined by newlines. With `lineDrawingAsASCII`,
    /// box-drawing characters become `+ - |` (what a terminal without line drawing shows).
    public static func text(_ canvas: Canvas, lineDrawingAsASCII: Bool = false) -> String {
        lines(canvas, lineDrawingAsASCII: lineDrawingAsASCII).joined(separator: "\n")
    }

    /// The canvas's rows, trailing spaces trimmed.
    public static func lines(_ canvas: Canvas, lineDrawingAsASCII: Bool = false) -> [String] {
        (0..<canvas.height).map { y in
            var line = ""
            for x in 0..<canvas.width {
                let cell = canvas[x, y]
                if cell.isContinuation { continue }
                line.append(lineDrawingAsASCII ? LineDrawing.ascii(cell.char) : cell.char)
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// One letter per cell: `.` plain, `*` reverse, `B` bold, `D` dim, `U` underline, and for coloured
    /// cells the colour's letter (`g` green, `r` red, `y` yellow, `c` cyan, `b` blue, `m` magenta,
    /// `w` white, `k` black), upper-cased when bold. Reverse wins over everything.
    public static func styleMask(_ canvas: Canvas) -> String {
        (0..<canvas.height).map { y in
            String((0..<canvas.width).map { x in letter(canvas[x, y].style) })
        }.joined(separator: "\n")
    }

    /// The mask letter of one style.
    public static func letter(_ style: Style) -> Character {
        if style.reverse { return "*" }
        if let fg = style.fg {
            let letter: Character = switch fg {
            case .black: "k"
            case .red: "r"
            case .green: "g"
            case .yellow: "y"
            case .blue: "b"
            case .magenta: "m"
            case .cyan: "c"
            case .white: "w"
            }
            return style.bold ? Character(letter.uppercased()) : letter
        }
        if style.bold { return "B" }
        if style.dim { return "D" }
        if style.underline { return "U" }
        return "."
    }
}

/// Box-drawing characters and their VT100 line-drawing letters.
public enum LineDrawing {
    /// The VT100 alternate-character-set letter of a box-drawing character, if it is one.
    public static func acsLetter(_ character: Character) -> Character? {
        switch character {
        case "─": "q"
        case "│": "x"
        case "┌": "l"
        case "┐": "k"
        case "└": "m"
        case "┘": "j"
        case "├": "t"
        case "┤": "u"
        case "┬": "w"
        case "┴": "v"
        case "┼": "n"
        default: nil
        }
    }

    /// The ASCII stand-in of a box-drawing character (`+ - |`), or the character itself.
    public static func ascii(_ character: Character) -> Character {
        switch acsLetter(character) {
        case "q": "-"
        case "x": "|"
        case .some: "+"
        case .none: character
        }
    }
}
