/// The symbols the console draws, in a Unicode set and an ASCII set (chosen from the locale's codeset,
/// or forced with `--ascii`). Box-drawing lines stay Unicode in the canvas either way: the ncurses
/// backend turns them into the terminal's line-drawing characters (ACS) when the codeset is not UTF-8.
public struct Glyphs: Sendable, Equatable {
    /// True for the ASCII set.
    public let isASCII: Bool
    /// Success (`✓`) and failure (`✗`), always beside a word.
    public let check: String
    /// Failure.
    public let cross: String
    /// Pending, and the separator of inline lists (`·`).
    public let dot: String
    /// Between breadcrumbs (` › `).
    public let separator: String
    /// The focused field or selected row (`▸`).
    public let pointer: String
    /// Folders and buckets in the bucket browser.
    public let folder: String
    /// Ends text cut to fit.
    public let ellipsis: Character
    /// Spinner frames.
    public let spinner: [String]
    /// Progress bar: done and to-do cells, and the brackets around them (ASCII only).
    public let barFull: Character
    /// Progress bar: a cell still to do.
    public let barEmpty: Character
    /// Progress bar: the opening bracket.
    public let barOpen: String
    /// Progress bar: the closing bracket.
    public let barClose: String
    /// A chosen radio button.
    public let radioOn: String
    /// A radio button not chosen.
    public let radioOff: String
    /// A ticked checkbox.
    public let boxOn: String
    /// An empty checkbox.
    public let boxOff: String
    /// An open section.
    public let expanded: String
    /// A closed section.
    public let collapsed: String

    /// Unicode symbols: ✓ ✗ · › and a braille spinner.
    public static let unicode = Glyphs(
        isASCII: false, check: "✓", cross: "✗", dot: "·", separator: " › ", pointer: "▸", folder: "▸",
        ellipsis: "…", spinner: ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"],
        barFull: "█", barEmpty: "░", barOpen: "", barClose: "", radioOn: "(•)", radioOff: "( )",
        boxOn: "[x]", boxOff: "[ ]", expanded: "▾", collapsed: "▸")

    /// ASCII symbols: + x - > and a | / - \ spinner; progress bars as `[####....]`.
    public static let ascii = Glyphs(
        isASCII: true, check: "+", cross: "x", dot: "-", separator: " > ", pointer: ">", folder: ">",
        ellipsis: "~", spinner: ["|", "/", "-", "\\"],
        barFull: "#", barEmpty: ".", barOpen: "[", barClose: "]", radioOn: "(*)", radioOff: "( )",
        boxOn: "[x]", boxOff: "[ ]", expanded: "v", collapsed: ">")

    /// The spinner frame for a tick count.
    public func spinner(_ tick: Int) -> String { spinner[((tick % spinner.count) + spinner.count) % spinner.count] }
}
