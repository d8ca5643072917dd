import Foundation
import Testing
import TestSupport
@testable import DICOM

@Suite("Frames of encapsulated pixel data")
struct FramesTests {
    let jpegA = Data([0xFF, 0xD8, 1, 2, 0xFF, 0xD9])
    let jpegB1 = Data([0xFF, 0xD8, 3, 4])
    let jpegB2 = Data([5, 0xFF, 0xD9, 0x00])

    @Test("Basic Offset Table maps frames to fragments")
    func basicOffsetTable() throws {
        var table = Data()
        for offset: UInt32 in [0, 14] { withUnsafeBytes(of: offset.littleEndian) { table.append(contentsOf: $0) } }
        let pixels = EncapsulatedPixelData(basicOffsetTable: table, fragments: [jpegA, jpegB1, jpegB2])
        let frames = try pixels.frameFragments(numberOfFrames: 2)
        #expect(frames.map(\.count) == [1, 2])
        #expect(try pixels.frame(1, numberOfFrames: 2) == jpegB1 + jpegB2)
    }

    @Test("without a table: one frame, one fragment per frame, or split at end markers")
    func heuristics() throws {
        let pixels = EncapsulatedPixelData(fragments: [jpegA, jpegB1, jpegB2])
        #expect(try pixels.frameFragments(numberOfFrames: 1).map(\.count) == [3])
        #expect(try pixels.frameFragments(numberOfFrames: 3).map(\.count) == [1, 1, 1])
        #expect(try pixels.frameFragments(numberOfFrames: 2).map(\.count) == [1, 2])
        #expect(throws: DICOMError.self) { try EncapsulatedPixelData(fragments: [jpegB1, jpegB1, jpegB1, jpegB1]).frameFragments(numberOfFrames: 2) }
    }

    @Test("Extended Offset Table takes precedence and bad tables are errors")
    func extendedTable() throws {
        let pixels = EncapsulatedPixelData(fragments: [jpegA, jpegB1, jpegB2])
        #expect(try pixels.frameFragments(numberOfFrames: 2, extendedOffsets: [0, 14]).map(\.count) == [1, 2])
        #expect(throws: DICOMError.self) { try pixels.frameFragments(numberOfFrames: 2, extendedOffsets: [0, 13]) }
        #expect(throws: DICOMError.self) { try pixels.frameFragments(numberOfFrames: 3, extendedOffsets: [0, 14]) }
    }

    @Test("every multi-frame encapsulated corpus file splits into its Number of Frames")
    func corpusFrames() throws {
        var checked = 0
        for url in Corpus.files() {
            guard let file = try? DICOMFile(contentsOf: url), let pixels = file.dataSet[.pixelData]?.fragments,
                  let frames = file.dataSet.int(.numberOfFrames), frames > 1 else { continue }
            let split = try pixels.frameFragments(numberOfFrames: frames)
            #expect(split.count == frames, "\(url.lastPathComponent)")
            checked += 1
        }
        #expect(checked >= 5)
    }
}
