import ObjectStorage
import Foundation

/// A filter file of an export: one resource per line, `/studies/S`, `/studies/S/series/R` or
/// `/studies/S/series/R/instances/I` (blank lines ignored).
public struct FilterFile: Sendable, Equatable {
    /// One line's resource.
    public struct Resource: Sendable, Hashable {
        public var study: String
        public var series: String?
        public var instance: String?
        /// The line it came from (1-based).
        public var line: Int

        /// The path as written in filter files.
        public var path: String {
            var text = "/studies/\(study)"
            if let series { text += "/series/\(series)" }
            if let instance { text += "/instances/\(instance)" }
            return text
        }
    }

    /// The resources, in file order.
    public var resources: [Resource]

    /// Parses a filter file; the first bad line is an error naming its number and what is wrong.
    public init(parsing text: String, source: String = "filter file") throws {
        var resources: [Resource] = []
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespacesAndNewlines)
            if line.isEmpty { continue }
            resources.append(try Self.parse(line, number: index + 1, source: source))
        }
        self.resources = resources
    }

    private static func parse(_ line: String, number: Int, source: String) throws -> Resource {
        func fail(_ why: String) -> ServiceError {
            ServiceError(.invalidArgument, "\(source) line \(number): \(why): \"\(line)\" (expected /studies/UID, /studies/UID/series/UID or /studies/UID/series/UID/instances/UID)")
        }
        let parts = line.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.first == "", parts.count >= 3, parts.count % 2 == 1 else { throw fail("not a resource path") }
        let keys = stride(from: 1, to: parts.count, by: 2).map { parts[$0] }
        let values = stride(from: 2, to: parts.count, by: 2).map { parts[$0] }
        guard keys == Array(["studies", "series", "instances"].prefix(keys.count)) else {
            throw fail("levels must be studies, then series, then instances")
        }
        for value in values where !isUID(value) { throw fail("\"\(value)\" is not a UID") }
        return Resource(study: values[0], series: values.count > 1 ? values[1] : nil,
                        instance: values.count > 2 ? values[2] : nil, line: number)
    }

    /// A DICOM UID: digits and dots, at most 64 characters, no empty component.
    static func isUID(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.allSatisfy { $0 == "." || ($0.isASCII && $0.isNumber) }
            && !text.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty)
    }
}
