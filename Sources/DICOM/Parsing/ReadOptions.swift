/// Choices for reading a file: how far to read, and how defensive to be.
public struct ReadOptions: Sendable {
    /// Stop before the top-level Pixel Data element (a header-only parse).
    public var stopBeforePixelData: Bool
    /// Stop before the first top-level element whose tag is at or after this one.
    public var stopAtTag: Tag?
    /// The deepest nesting of sequences accepted; deeper input is an error, not a stack overflow.
    public var maximumDepth: Int
    /// Files at least this large are memory-mapped instead of read, so values stay on disk until used.
    public var memoryMapThreshold: Int

    /// Creates options; the defaults read everything.
    public init(stopBeforePixelData: Bool = false, stopAtTag: Tag? = nil, maximumDepth: Int = 64,
                memoryMapThreshold: Int = 4 << 20) {
        self.stopBeforePixelData = stopBeforePixelData
        self.stopAtTag = stopAtTag
        self.maximumDepth = maximumDepth
        self.memoryMapThreshold = memoryMapThreshold
    }

    /// Reads everything.
    public static let full = ReadOptions()
    /// Reads up to Pixel Data: what an index or a `dump -M` needs.
    public static let headerOnly = ReadOptions(stopBeforePixelData: true)
}
