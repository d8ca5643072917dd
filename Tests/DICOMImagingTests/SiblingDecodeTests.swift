import DICOM
import Foundation
import Testing
import TestSupport
@testable import DICOMImaging

/// Lossless and re-encoded corpus files decode bit-exactly to their uncompressed siblings.
@Suite("Lossless decoding against uncompressed siblings")
struct SiblingDecodeTests {
    /// (encoded file, reference file): every frame must decode to the same samples and interpretation.
    static let pairs: [(String, String)] = [
        ("MR_small_RLE.dcm", "MR_small.dcm"), ("MR_small_jpeg_ls_lossless.dcm", "MR_small.dcm"),
        ("MR_small_jp2klossless.dcm", "MR_small.dcm"), ("MR_small_bigendian.dcm", "MR_small.dcm"),
        ("MR_small_expb.dcm", "MR_small.dcm"), ("MR_small_implicit.dcm", "MR_small.dcm"),
        ("MR_small_padded.dcm", "MR_small.dcm"),
        ("emri_small_RLE.dcm", "emri_small.dcm"), ("emri_small_big_endian.dcm", "emri_small.dcm"),
        ("emri_small_jpeg_2k_lossless.dcm", "emri_small.dcm"),
        ("emri_small_jpeg_2k_lossless_too_short.dcm", "emri_small.dcm"), ("emri_small_jpeg_ls_lossless.dcm", "emri_small.dcm"),
        ("693_J2KR.dcm", "693_UNCR.dcm"), ("MR2_J2KR.dcm", "MR2_UNCR.dcm"), ("RG1_J2KR.dcm", "RG1_UNCR.dcm"),
        ("RG3_J2KR.dcm", "RG3_UNCR.dcm"), ("US1_J2KR.dcm", "US1_UNCR.dcm"),
        ("SC_rgb_rle.dcm", "SC_rgb.dcm"), ("SC_rgb_rle_2frame.dcm", "SC_rgb_2frame.dcm"),
        ("SC_rgb_rle_16bit.dcm", "SC_rgb_16bit.dcm"), ("SC_rgb_rle_16bit_2frame.dcm", "SC_rgb_16bit_2frame.dcm"),
        ("SC_rgb_rle_32bit.dcm", "SC_rgb_32bit.dcm"), ("SC_rgb_rle_32bit_2frame.dcm", "SC_rgb_32bit_2frame.dcm"),
        ("SC_rgb_expb.dcm", "SC_rgb.dcm"), ("SC_rgb_expb_2frame.dcm", "SC_rgb_2frame.dcm"),
        ("SC_rgb_expb_16bit.dcm", "SC_rgb_16bit.dcm"), ("SC_rgb_expb_16bit_2frame.dcm", "SC_rgb_16bit_2frame.dcm"),
        ("SC_rgb_expb_32bit.dcm", "SC_rgb_32bit.dcm"), ("SC_rgb_expb_32bit_2frame.dcm", "SC_rgb_32bit_2frame.dcm"),
        ("SC_rgb_small_odd_big_endian.dcm", "SC_rgb_small_odd.dcm"), ("color-pl.dcm", "color-px.dcm"),
        ("OBXXXX1A_rle.dcm", "OBXXXX1A.dcm"), ("OBXXXX1A_expb.dcm", "OBXXXX1A.dcm"),
        ("OBXXXX1A_rle_2frame.dcm", "OBXXXX1A_2frame.dcm"), ("OBXXXX1A_expb_2frame.dcm", "OBXXXX1A_2frame.dcm"),
        ("rtdose_rle.dcm", "rtdose.dcm"), ("rtdose_expb.dcm", "rtdose.dcm"),
        ("rtdose_rle_1frame.dcm", "rtdose_1frame.dcm"), ("rtdose_expb_1frame.dcm", "rtdose_1frame.dcm"),
        ("liver_expb.dcm", "liver.dcm"), ("liver_expb_1frame.dcm", "liver_1frame.dcm"),
        ("gdcm-US-ALOKA-16_big.dcm", "gdcm-US-ALOKA-16.dcm"),
    ]

    @Test("encoded files decode to their siblings' samples", arguments: pairs.map { "\($0.0) = \($0.1)" })
    func sibling(_ pair: String) throws {
        let names = pair.components(separatedBy: " = ")
        guard let encodedURL = Corpus.file(names[0]), let referenceURL = Corpus.file(names[1]) else { return }
        let encoded = try DICOMFile(contentsOf: encodedURL), reference = try DICOMFile(contentsOf: referenceURL)
        let frames = try PixelDescription(file: reference).numberOfFrames
        #expect(try PixelDescription(file: encoded).numberOfFrames == frames)
        for index in 0..<frames {
            let got = try encoded.decodeFrame(index), expected = try reference.decodeFrame(index)
            #expect(got.photometricInterpretation == expected.photometricInterpretation, "frame \(index)")
            #expect(got.rows == expected.rows && got.columns == expected.columns && got.samplesPerPixel == expected.samplesPerPixel)
            let a = got.samples.integers, b = expected.samples.integers
            let differing = zip(a, b).filter { $0 != $1 }.count
            #expect(a.count == b.count && differing == 0, "frame \(index): \(differing) of \(b.count) samples differ")
        }
    }

    @Test("the single-frame liver file is the first frame of the three-frame one")
    func liverFrames() throws {
        guard let one = Corpus.file("liver_1frame.dcm"), let three = Corpus.file("liver.dcm") else { return }
        let first = try DICOMFile(contentsOf: one).decodeFrame(0)
        let threeFrames = try DICOMFile(contentsOf: three)
        #expect(try threeFrames.decodeFrame(0).samples == first.samples)
        #expect(try threeFrames.decodeFrame(1).samples != first.samples)
    }
}
