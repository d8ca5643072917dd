import DICOM
import Foundation
import Testing
@testable import DICOMImaging

@Suite("Native pixel data")
struct NativeDecoderTests {
    private func decode(_ dataSet: DataSet, frame: Int = 0, syntax: TransferSyntax = .explicitVRLittleEndian) throws -> DecodedFrame {
        try PixelDataDecoder.decodeFrame(frame, of: dataSet, description: PixelDescription(dataSet: dataSet, transferSyntax: syntax))
    }

    @Test("Bits Stored < Bits Allocated: masked and sign-extended, overlay bits ignored")
    func signedTwelveBits() throws {
        let raw: [UInt16] = [0x0FFF, 0x0800, 0x07FF, 0xF005]
        let frame = try decode(TestDataSets.image(rows: 1, columns: 4, allocated: 16, stored: 12, signed: true,
                                                  pixelData: TestDataSets.bytes(raw)))
        #expect(frame.samples == .int16([-1, -2048, 2047, 5]))
        #expect(frame.representableRange == -2048...2047)
    }

    @Test("High Bit above Bits Stored − 1 shifts the samples down")
    func highBit() throws {
        let frame = try decode(TestDataSets.image(rows: 1, columns: 2, allocated: 16, stored: 12, highBit: 15,
                                                  pixelData: TestDataSets.bytes([UInt16(0xFFF0), 0x0123])))
        #expect(frame.samples == .uint16([0x0FFF, 0x0012]))
    }

    @Test("8-bit signed and 32-bit unsigned containers")
    func containers() throws {
        let signed = try decode(TestDataSets.image(rows: 1, columns: 2, allocated: 8, signed: true, pixelData: Data([0x80, 0x7F])))
        #expect(signed.samples == .int8([-128, 127]))
        let wide = try decode(TestDataSets.image(rows: 1, columns: 2, allocated: 32, pixelData: TestDataSets.bytes([UInt32.max, 7])))
        #expect(wide.samples == .uint32([UInt32.max, 7]))
        let wideSigned = try decode(TestDataSets.image(rows: 1, columns: 1, allocated: 32, signed: true,
                                                       pixelData: TestDataSets.bytes([Int32(-5)])))
        #expect(wideSigned.samples.integers == [-5])
    }

    @Test("1-bit frames are bit-packed across frame boundaries, least significant bit first")
    func oneBit() throws {
        // Three 3×3 frames: 27 bits. Frame 1 (bits 9…17) has its pixels 0, 4 and 8 set.
        var bits = [UInt8](repeating: 0, count: 4)
        for bit in [0, 9, 13, 17, 26] { bits[bit / 8] |= 1 << UInt8(bit % 8) }
        let dataSet = TestDataSets.image(rows: 3, columns: 3, allocated: 1, frames: 3, pixelData: Data(bits))
        #expect(try decode(dataSet, frame: 1).samples == .uint8([1, 0, 0, 0, 1, 0, 0, 0, 1]))
        #expect(try decode(dataSet, frame: 0).samples.integers == [1, 0, 0, 0, 0, 0, 0, 0, 0])
        #expect(try decode(dataSet, frame: 2).samples.integers == [0, 0, 0, 0, 0, 0, 0, 0, 1])
        let image = try TestDataSets.render(dataSet, frame: 1)
        #expect(image.pixels == [255, 0, 0, 0, 255, 0, 0, 0, 255])
    }

    @Test("planar colour is interleaved")
    func planar() throws {
        let dataSet = TestDataSets.image(rows: 1, columns: 2, samples: 3, allocated: 8, photometric: "RGB", planar: 1,
                                         pixelData: Data([10, 11, 20, 21, 30, 31]))
        #expect(try decode(dataSet).samples == .uint8([10, 20, 30, 11, 21, 31]))
    }

    @Test("uncompressed YBR_FULL_422 is upsampled to YBR_FULL and converted when rendered")
    func ybr422() throws {
        let dataSet = TestDataSets.image(rows: 1, columns: 2, samples: 3, allocated: 8, photometric: "YBR_FULL_422",
                                         pixelData: Data([100, 200, 128, 128]))
        let frame = try decode(dataSet)
        #expect(frame.photometricInterpretation == .ybrFull)
        #expect(frame.samples == .uint8([100, 128, 128, 200, 128, 128]))
        #expect(try TestDataSets.render(dataSet).pixels == [100, 100, 100, 200, 200, 200])
    }

    @Test("big-endian containers wider than the VR's word are restored")
    func bigEndianReswap() {
        // A 32-bit big-endian value 0x11223344 after the reader swapped it as two OW words.
        let swappedAsWords = Data([0x22, 0x11, 0x44, 0x33])
        let restored = NativeDecoder.reswapped(swappedAsWords, from: 2, to: 4)
        #expect(restored == TestDataSets.bytes([UInt32(0x1122_3344)]))
    }

    @Test("RLE PackBits: literal runs, replicate runs and the no-op byte")
    func packBits() {
        let input: [UInt8] = [2, 1, 2, 3, 0x80, 0xFE, 9, 0, 0]
        var out = [UInt8](repeating: 0, count: 7)
        let produced = RLEDecoder.unpackBits(input, from: 0, to: input.count, count: 7) { out[$0] = $1 }
        #expect(produced == 7)
        #expect(out == [1, 2, 3, 9, 9, 9, 0])
    }
}
