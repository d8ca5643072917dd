import DicomStore
import ObjectStorage

/// The ncurses console over the shared service: `ConsoleApp.run(service:options:)` opens it; the
/// state (`ConsoleState`), its reducer, the key table and the renderers (`ConsoleView`) are pure and
/// tested without a terminal.
public enum Console {
    /// The console's title.
    public static let title = "DICOM Console"
}
