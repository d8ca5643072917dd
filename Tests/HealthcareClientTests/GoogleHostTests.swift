import Foundation
import Testing
@testable import HealthcareClient

/// Google credentials go to Google's hosts only.
@Suite("Google hosts")
struct GoogleHostTests {
    @Test func onlyGoogleHostsAreGoogle() {
        #expect(GoogleHost.isGoogle(URL(string: "https://healthcare.googleapis.com")!))
        #expect(GoogleHost.isGoogle(URL(string: "https://googleapis.com/v1")!))
        #expect(!GoogleHost.isGoogle(URL(string: "https://evilgoogleapis.com")!))
        #expect(!GoogleHost.isGoogle(URL(string: "http://127.0.0.1:8080")!))
    }
}
