import Testing
@testable import DICOMImaging

@Test func codecShimsAreLinked() {
    #expect(DICOMImaging.codecShimVersion >= 1)
}
