import Foundation
import ObjectStorage
import Testing

/// RFC 3339 times, written and read without Foundation's formatters.
@Suite("RFC 3339 times")
struct RFC3339Tests {
    @Test("writes UTC with microseconds, or whole seconds")
    func writes() {
        let date = Date(timeIntervalSince1970: 1_764_902_239.123456)  // 2025-12-05T02:37:19.123456Z
        #expect(RFC3339.string(from: date) == "2025-12-05T02:37:19.123456Z")
        #expect(RFC3339.string(from: date, microseconds: false) == "2025-12-05T02:37:19Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 0)) == "1970-01-01T00:00:00.000000Z")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 951_782_400)) == "2000-02-29T00:00:00.000000Z")
        // A fraction that rounds up to the next second carries into it.
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: 59.9999996)) == "1970-01-01T00:01:00.000000Z")
    }

    @Test("reads what it writes, fractions of any length and offsets")
    func reads() throws {
        let date = Date(timeIntervalSince1970: 1_764_902_239.123456)
        let back = try #require(RFC3339.date(from: RFC3339.string(from: date)))
        #expect(abs(back.timeIntervalSince1970 - date.timeIntervalSince1970) < 1e-6)
        #expect(RFC3339.date(from: "2025-12-05T02:37:19Z")?.timeIntervalSince1970 == 1_764_902_239)
        #expect(RFC3339.date(from: "2025-12-05T03:37:19+01:00")?.timeIntervalSince1970 == 1_764_902_239)
        #expect(RFC3339.date(from: "2025-12-04T21:07:19-05:30")?.timeIntervalSince1970 == 1_764_902_239)
        #expect(RFC3339.date(from: "2016-12-31T23:59:60Z") == RFC3339.date(from: "2017-01-01T00:00:00Z"), "a leap second")
        #expect(RFC3339.string(from: Date(timeIntervalSince1970: .nan)) == "1970-01-01T00:00:00Z")
        let nanos = try #require(RFC3339.date(from: "2025-12-05T02:37:19.5000000001z"))
        #expect(abs(nanos.timeIntervalSince1970 - 1_764_902_239.5) < 1e-6)
    }

    @Test("refuses what is not an RFC 3339 time", arguments: [
        "", "2025-12-05", "2025-12-05T02:37:19", "2025-12-05T02:37:19.Z", "2025-13-05T02:37:19Z",
        "2025-02-30T00:00:00Z", "2025-12-05T24:00:00Z", "2025-12-05T02:37:19+0100", "2025-12-05T02:37:19Z junk",
        "20x5-12-05T02:37:19Z", "2025-12-05T02:37:19+24:00", "2025-12-05T02:37:19-01:60",
    ])
    func refuses(text: String) {
        #expect(RFC3339.date(from: text) == nil, "\(text)")
    }
}
