extension ObjectPattern {
    /// Splits a pattern into literals and wildcards, enforcing the rules for `**`.
    static func tokenize(_ text: String) throws -> [Token] {
        let bytes = Array(text.utf8)
        var tokens: [Token] = []
        var literal: [UInt8] = []
        var index = 0
        var globstarAt: Int?
        var otherWildcardAt: Int?
        func flush() {
            if !literal.isEmpty { tokens.append(.literal(literal)); literal = [] }
        }
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "*"):
                var run = 0
                while index + run < bytes.count, bytes[index + run] == UInt8(ascii: "*") { run += 1 }
                guard run <= 2 else {
                    throw error(text, at: index, "\(String(repeating: "*", count: run)) is not a wildcard: use * or **")
                }
                flush()
                if run == 2 {
                    if globstarAt != nil { throw error(text, at: index, "** may appear only once") }
                    globstarAt = index
                    tokens.append(.globstar)
                } else {
                    otherWildcardAt = otherWildcardAt ?? index
                    tokens.append(.star)
                }
                index += run
            case UInt8(ascii: "?"):
                flush()
                otherWildcardAt = otherWildcardAt ?? index
                tokens.append(.question)
                index += 1
            default:
                literal.append(bytes[index])
                index += 1
            }
        }
        flush()
        if let globstar = globstarAt {
            if let other = otherWildcardAt {
                throw error(text, at: other, "** cannot be combined with other wildcards")
            }
            let suffix = bytes[(globstar + 2)...]
            if suffix.contains(UInt8(ascii: "/")) {
                throw error(text, at: globstar, "** must be at the end of the path (only a file extension such as **.dcm may follow it)")
            }
        }
        if bytes.isEmpty { throw StorageError(.invalidArgument, "the object path is empty") }
        return tokens
    }

    /// An error that quotes the pattern and points at the column with a caret.
    static func error(_ text: String, at byteOffset: Int, _ why: String) -> StorageError {
        let column = String(decoding: Array(text.utf8)[..<byteOffset], as: UTF8.self).count
        let caret = String(repeating: " ", count: column) + "^"
        return StorageError(.invalidArgument, "invalid wildcard path at character \(column + 1): \(why)\n  \(text)\n  \(caret)")
    }
}
