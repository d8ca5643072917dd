import Synchronization

/// Names that no other call in this or any other process gets: 16 hex digits drawn at random once per
/// process and 16 of a counter. Temporary files and random blob keys use them: `UUID()` reads
/// `/dev/urandom` on every call on Linux (open, read, close for each file written).
public enum UniqueName {
    private static let processBits: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    private static let counter = Atomic<UInt64>(0)

    /// The next name: 32 lowercase hex digits, the process's digits first.
    public static func next() -> String {
        hex(processBits) + hex(counter.add(1, ordering: .relaxed).newValue)
    }

    /// The next name with its first digits scattered (a bijective mix of the counter, so still unique):
    /// names spread evenly over folders keyed by their first digits.
    public static func scattered() -> String {
        hex(mix(counter.add(1, ordering: .relaxed).newValue ^ processBits)) + hex(processBits)
    }

    /// SplitMix64's finalizer: a bijection of 64-bit values that scatters neighbouring inputs.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    private static func hex(_ value: UInt64) -> String { Hex.digits(value) }
}

/// Hexadecimal spellings of numbers.
public enum Hex {
    /// The 16 lowercase hexadecimal digits of `value`, leading zeros kept.
    public static func digits(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
