import DicomStore

/// The ncurses console over the shared service (being built: see docs/ARCHITECTURE.md).
public enum Console {
    /// The console's version line.
    public static let title = "DICOM Console"
}
