import Testing
@testable import Console

@Test func title() { #expect(Console.title == "DICOM Console") }
