/// Fitting text into columns.
public enum TextLayout {
    /// The text cut to `columns` (ending with `ellipsis` when cut).
    public static func fit(_ text: String, to columns: Int, ellipsis: Character = "…") -> String {
        guard columns > 0 else { return "" }
        if CellWidth.of(text) <= columns { return text }
        var result = ""
        var used = 0
        for character in text {
            let width = CellWidth.of(CellWidth.printable(character))
            if used + width > columns - 1 { break }
            result.append(character)
            used += width
        }
        result.append(ellipsis)
        return result
    }

    /// The text padded with spaces (or cut) to exactly `columns`.
    public static func pad(_ text: String, to columns: Int, ellipsis: Character = "…") -> String {
        let fitted = fit(text, to: columns, ellipsis: ellipsis)
        return fitted + String(repeating: " ", count: max(0, columns - CellWidth.of(fitted)))
    }

    /// The text right-aligned in `columns`.
    public static func right(_ text: String, in columns: Int) -> String {
        let fitted = fit(text, to: columns)
        return String(repeating: " ", count: max(0, columns - CellWidth.of(fitted))) + fitted
    }

    /// Splits text into lines of at most `columns`, at spaces where possible.
    public static func wrap(_ text: String, to columns: Int) -> [String] {
        guard columns > 0 else { return [] }
        var lines: [String] = []
        for paragraph in text.split(separator: "\n", omittingEmptySubsequences: false) {
            var line = ""
            for word in paragraph.split(separator: " ", omittingEmptySubsequences: false) {
                let candidate = line.isEmpty ? String(word) : line + " " + word
                if CellWidth.of(candidate) <= columns { line = candidate; continue }
                if !line.isEmpty { lines.append(line) }
                var rest = String(word)
                while CellWidth.of(rest) > columns {
                    var head = ""
                    for character in rest where CellWidth.of(head + String(character)) <= columns { head.append(character) }
                    if head.isEmpty { break }
                    lines.append(head)
                    rest = String(rest.dropFirst(head.count))
                }
                line = rest
            }
            lines.append(line)
        }
        return lines
    }

    /// A byte count for people: `512 B`, `33.7 KB`, `1.2 GB` (decimal units, as Cloud Storage shows them).
    public static func bytes(_ count: Int64) -> String {
        if count < 1000 { return "\(count) B" }
        let units = ["KB", "MB", "GB", "TB", "PB"]
        var value = Double(count) / 1000
        var unit = 0
        while value >= 999.95, unit < units.count - 1 { value /= 1000; unit += 1 }
        let rounded = (value * 10).rounded() / 10
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + units[unit]
    }

    /// A count with thousands separators: `1,234`.
    public static func count<T: BinaryInteger>(_ value: T) -> String {
        let digits = String(value.magnitude)
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return (value < 0 ? "-" : "") + result
    }
}
