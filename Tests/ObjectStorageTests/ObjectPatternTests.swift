import Foundation
import Testing
@testable import ObjectStorage

@Suite("gs:// URIs and wildcards")
struct ObjectPatternTests {
    func pattern(_ text: String) throws -> ObjectPattern { try ObjectPattern(text) }

    @Test("the seed's examples: *, ** with an extension, and ?")
    func seedExamples() throws {
        let star = try pattern("DIRECTORY/Example*.dcm")
        #expect(star.matches("DIRECTORY/Example.dcm"))
        #expect(star.matches("DIRECTORY/Example22.dcm"))
        #expect(!star.matches("DIRECTORY/sub/Example1.dcm"))
        #expect(!star.matches("OTHER/Example.dcm"))
        #expect(!star.matches("DIRECTORY/Example.dcm.bak"))

        let globstar = try pattern("DIRECTORY/**.dcm")
        #expect(globstar.matches("DIRECTORY/a.dcm"))
        #expect(globstar.matches("DIRECTORY/x/y/z.dcm"))
        #expect(globstar.matches("DIRECTORY/.dcm"))
        #expect(!globstar.matches("DIRECTORY/a.txt"))
        #expect(!globstar.matches("OTHER/a.dcm"))

        let question = try pattern("DIRECTORY/Example?.dcm")
        #expect(question.matches("DIRECTORY/Example1.dcm"))
        #expect(!question.matches("DIRECTORY/Example.dcm"))
        #expect(!question.matches("DIRECTORY/Example01.dcm"))
        #expect(!question.matches("DIRECTORY/Example/.dcm"))
        #expect(question.matches("DIRECTORY/Exampleé.dcm"))  // one character, two UTF-8 bytes
    }

    @Test("listing hints: literal prefix, and whether folders can be folded")
    func hints() throws {
        #expect(try pattern("dir/Example*.dcm").literalPrefix == "dir/Example")
        #expect(try pattern("dir/Example*.dcm").crossesFolders == false)
        #expect(try pattern("dir/**.dcm").crossesFolders == true)
        #expect(try pattern("dir/*/x.dcm").crossesFolders == true)
        #expect(try pattern("*.dcm").literalPrefix == "")
        #expect(try pattern("dir/file.dcm").hasWildcards == false)
    }

    @Test("invalid patterns are refused before listing, with the place shown")
    func invalid() throws {
        for (text, column, words) in [("dir/**/x.dcm", 5, "end of the path"), ("dir/*/**.dcm", 5, "combined"),
                                      ("dir/***.dcm", 5, "not a wildcard"), ("a/**b/**", 7, "only once")] {
            do {
                _ = try ObjectPattern(text)
                Issue.record("\(text) was accepted")
            } catch let error as StorageError {
                #expect(error.code == .invalidArgument)
                #expect(error.message.contains("character \(column)"), "\(error.message)")
                #expect(error.message.contains(words), "\(error.message)")
                #expect(error.message.contains(text))
                #expect(error.message.contains("^"))
            }
        }
    }

    @Test("bucket names follow Cloud Storage's rules")
    func bucketNames() throws {
        for good in ["abc", "my-bucket", "my_bucket.example.com", "a1b"] { #expect(throws: Never.self) { try StorageURI.validateBucketName(good) } }
        for bad in ["ab", "My-Bucket", "-abc", "abc-", "192.168.1.1", "googbucket", "a..b", String(repeating: "a", count: 64), "a b c"] {
            #expect(throws: StorageError.self, "\(bad)") { try StorageURI.validateBucketName(bad) }
        }
        let uri = try StorageURI("gs://bucket/dir/**.dcm")
        #expect(uri.bucket == "bucket" && uri.path == "dir/**.dcm")
        #expect(throws: StorageError.self) { try StorageURI("s3://bucket/x") }
    }

    /// A reference matcher: the pattern turned into a regular expression.
    func reference(_ pattern: String, _ name: String) -> Bool {
        var regex = "^"
        var index = pattern.startIndex
        while index < pattern.endIndex {
            let character = pattern[index]
            if pattern[index...].hasPrefix("**") {
                regex += ".*"
                index = pattern.index(index, offsetBy: 2)
                continue
            }
            switch character {
            case "*": regex += "[^/]*"
            case "?": regex += "[^/]"
            default: regex += NSRegularExpression.escapedPattern(for: String(character))
            }
            index = pattern.index(after: index)
        }
        regex += "$"
        return name.range(of: regex, options: .regularExpression) != nil
    }

    @Test("property: the matcher agrees with a regular-expression reference on random names")
    func property() throws {
        var generator = SeededGenerator(seed: 20261125)
        let alphabet: [Character] = ["a", "b", "/", ".", "x"]
        var compared = 0
        for _ in 0..<3000 {
            let length = Int.random(in: 1...8, using: &generator)
            var text = String((0..<length).map { _ in
                ["a", "b", "/", ".", "*", "?"].randomElement(using: &generator)!
            })
            if Bool.random(using: &generator) { text += "**" + (Bool.random(using: &generator) ? ".x" : "") }
            guard let pattern = try? ObjectPattern(text) else { continue }
            for _ in 0..<10 {
                let name = String((0..<Int.random(in: 0...10, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! })
                #expect(pattern.matches(name) == reference(text, name), "pattern \(text) name \(name)")
                compared += 1
            }
        }
        #expect(compared > 5000)
    }
}

/// SplitMix64: a small deterministic generator for reproducible property tests.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
