/// The eight terminal colours the console uses (drawn on the terminal's own background).
public enum TermColor: Int16, Hashable, Sendable, CaseIterable {
    /// The ANSI colours 0–7.
    case black = 0, red, green, yellow, blue, magenta, cyan, white
}

/// How a cell looks. Never colour alone: every status also has a glyph and a word.
public struct Style: Hashable, Sendable {
    /// Foreground colour (nil: the terminal's).
    public var fg: TermColor?
    /// Background colour (nil: the terminal's).
    public var bg: TermColor?
    /// Bold.
    public var bold = false
    /// Dim.
    public var dim = false
    /// Reverse video (selection).
    public var reverse = false
    /// Underline (text fields).
    public var underline = false

    /// Creates a style.
    public init(fg: TermColor? = nil, bg: TermColor? = nil, bold: Bool = false, dim: Bool = false,
                reverse: Bool = false, underline: Bool = false) {
        self.fg = fg
        self.bg = bg
        self.bold = bold
        self.dim = dim
        self.reverse = reverse
        self.underline = underline
    }

    /// The terminal's default look.
    public static let plain = Style()
    /// Selection: reverse video (visible without colour).
    public static let selected = Style(reverse: true)
    /// Headings.
    public static let heading = Style(bold: true)
    /// Secondary text.
    public static let muted = Style(dim: true)
    /// Success: bold green.
    public static let success = Style(fg: .green, bold: true)
    /// Failure: bold red.
    public static let failure = Style(fg: .red, bold: true)
    /// Work in progress.
    public static let running = Style(fg: .yellow)
    /// Keys in hints.
    public static let key = Style(fg: .cyan, bold: true)
}

/// One screen cell: a character (or the right half of a wide one) and its style.
public struct Cell: Hashable, Sendable {
    /// The character (a space for the right half of a wide one).
    public var char: Character
    /// How it looks.
    public var style: Style
    /// True for the right half of a two-column character.
    public var isContinuation: Bool

    /// A cell.
    public init(_ char: Character = " ", style: Style = .plain, isContinuation: Bool = false) {
        self.char = char
        self.style = style
        self.isContinuation = isContinuation
    }
}

/// A rectangle of cells.
public struct Rect: Hashable, Sendable {
    /// Left column, top row, and size.
    public var x: Int, y: Int, width: Int, height: Int

    /// A rectangle.
    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x
        self.y = y
        self.width = max(0, width)
        self.height = max(0, height)
    }

    /// One past the last column.
    public var maxX: Int { x + width }
    /// One past the last row.
    public var maxY: Int { y + height }
}

/// A value-type grid of styled cells: the console draws every frame into one, and a backend shows it
/// (ncurses on a terminal, `TextRenderer` in tests).
public struct Canvas: Equatable, Sendable {
    /// Columns.
    public let width: Int
    /// Rows.
    public let height: Int
    private(set) var cells: [Cell]
    /// The clickable parts of the frame, in drawing order (see `target(atX:y:)`).
    var hotspots: [Hotspot] = []

    /// A blank canvas.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: Cell(), count: self.width * self.height)
    }

    /// The whole canvas as a rectangle.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at a position (a blank cell outside the canvas).
    public subscript(x: Int, y: Int) -> Cell {
        guard x >= 0, y >= 0, x < width, y < height else { return Cell() }
        return cells[y * width + x]
    }

    /// Writes text from (x, y), clipped to `limit` columns (and the canvas); control characters show as
    /// `?`, wide characters take two cells. Returns the number of columns written.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, limit: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, limit.map { x + max(0, $0) } ?? width)
        var column = x
        for character in text {
            let shown = CellWidth.printable(character)
            let cellWidth = CellWidth.of(shown)
            if column + cellWidth > end {
                if cellWidth == 2, column < end, column >= 0 { set(column, y, Cell(" ", style: style)); column += 1 }
                break
            }
            if column >= 0 {
                set(column, y, Cell(shown, style: style))
                if cellWidth == 2 { set(column + 1, y, Cell(" ", style: style, isContinuation: true)) }
            }
            column += cellWidth
        }
        return max(0, column - x)
    }

    /// Writes text padded with spaces (or cut with an ellipsis) to exactly `width` columns.
    public mutating func put(_ text: String, x: Int, y: Int, width columns: Int, style: Style = .plain,
                             ellipsis: Character = "…") {
        let fitted = TextLayout.fit(text, to: columns, ellipsis: ellipsis)
        let used = put(fitted, x: x, y: y, style: style, limit: columns)
        if used < columns { fill(Rect(x: x + used, y: y, width: columns - used, height: 1), style: style) }
    }

    /// Fills a rectangle with spaces of a style.
    public mutating func fill(_ rect: Rect, style: Style = .plain, char: Character = " ") {
        for row in max(0, rect.y)..<min(height, rect.maxY) {
            for column in max(0, rect.x)..<min(width, rect.maxX) { set(column, row, Cell(char, style: style)) }
        }
    }

    /// Changes the style of a rectangle's cells, keeping their characters.
    public mutating func restyle(_ rect: Rect, _ change: (inout Style) -> Void) {
        for row in max(0, rect.y)..<min(height, rect.maxY) {
            for column in max(0, rect.x)..<min(width, rect.maxX) { change(&cells[row * width + column].style) }
        }
    }

    /// The positions whose cells differ from `other` (same size), row by row.
    public func diff(from other: Canvas) -> [(x: Int, y: Int)] {
        guard other.width == width, other.height == height else {
            return (0..<height).flatMap { y in (0..<width).map { (x: $0, y: y) } }
        }
        var changes: [(x: Int, y: Int)] = []
        for index in cells.indices where cells[index] != other.cells[index] {
            changes.append((x: index % width, y: index / width))
        }
        return changes
    }

    private mutating func set(_ x: Int, _ y: Int, _ cell: Cell) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        let index = y * width + x
        let old = cells[index]
        // Overwriting half of a wide character blanks its other half.
        if old.isContinuation, !cell.isContinuation, x > 0 {
            cells[index - 1] = Cell(" ", style: cells[index - 1].style)
        }
        if !old.isContinuation, x + 1 < width, cells[index + 1].isContinuation, CellWidth.of(old.char) == 2 {
            cells[index + 1] = Cell(" ", style: cells[index + 1].style)
        }
        cells[index] = cell
    }
}
