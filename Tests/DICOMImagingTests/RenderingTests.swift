import DICOM
import Foundation
import Testing
import TestSupport
@testable import DICOMImaging

@Suite("Rendering to 8 bits")
struct RenderingTests {
    private func ds(_ tag: DICOM.Tag, _ value: String) -> DataElement { TestDataSets.text(tag, .DS, value) }

    @Test("LINEAR, LINEAR_EXACT and SIGMOID follow PS3.3 C.11.2.1.2")
    func windowFunctions() {
        let linear = Window(center: 100, width: 51)
        #expect(linear.apply(74.5) == 0)          // ≤ c − ½ − (w − 1)/2
        #expect(linear.apply(125) == 255)         // > c − ½ + (w − 1)/2 = 124.5
        #expect(abs(linear.apply(99.5) - 127.5) < 1e-9)
        let threshold = Window(center: 10, width: 1)
        #expect(threshold.apply(9.5) == 0 && threshold.apply(9.6) == 255)
        let exact = Window(center: 100, width: 50, function: .linearExact)
        #expect(exact.apply(75) == 0 && exact.apply(125) == 255 && exact.apply(100) == 127.5)
        let sigmoid = Window(center: 100, width: 50, function: .sigmoid)
        #expect(sigmoid.apply(100) == 127.5)
        #expect(abs(sigmoid.apply(125) - 255 / (1 + exp(-2.0))) < 1e-9)
        #expect(!Window(center: 0, width: 0.5).isValid && Window(center: 0, width: 0.5, function: .sigmoid).isValid)
        #expect(Window(minimum: -10, maximum: 20) == Window(center: 5.5, width: 31))
    }

    @Test("rescale then window, with MONOCHROME1 inverted afterwards")
    func rescaleAndWindow() throws {
        let stored: [Int16] = [0, 1004, 1024, 1064, 2000]
        let extra = [ds(ImagingTag.rescaleSlope, "1"), ds(ImagingTag.rescaleIntercept, "-1024"),
                     ds(ImagingTag.windowCenter, "20\\300"), ds(ImagingTag.windowWidth, "81\\1500")]
        let grey = TestDataSets.image(rows: 1, columns: 5, allocated: 16, signed: true, pixelData: TestDataSets.bytes(stored), extra: extra)
        // Modality −1024, −20, 0, 40, 976; first window 20/81 is LINEAR over (19.5 ± 40]:
        // −20 → (−39.5/80 + ½)·255 = 1.6, 0 → 65.3, 40 → 192.8.
        let plain = try TestDataSets.render(grey).pixels
        #expect(plain == [0, 2, 65, 193, 255])
        var inverted = grey
        inverted.set(TestDataSets.text(ImagingTag.photometricInterpretation, .CS, "MONOCHROME1"))
        let invertedPixels = try TestDataSets.render(inverted).pixels
        #expect(invertedPixels == [255, 253, 190, 62, 0])
        var shaped = grey
        shaped.set(TestDataSets.text(ImagingTag.presentationLUTShape, .CS, "INVERSE"))
        let shapedPixels = try TestDataSets.render(shaped).pixels
        #expect(shapedPixels == [255, 253, 190, 62, 0])
        let explicit = RenderOptions(voi: .window(Window(center: 0, width: 2, function: .linearExact)))
        #expect(try TestDataSets.render(grey, options: explicit).pixels == [0, 0, 128, 255, 255])
        // Range −1024…976: (x + 1024) / 2000 · 255.
        let range = try TestDataSets.render(grey, options: RenderOptions(voi: .minMax)).pixels
        #expect(range == [0, 128, 131, 136, 255])
    }

    @Test("without a window the range excludes Pixel Padding Value")
    func minMaxWithoutPadding() throws {
        let stored: [Int16] = [-2000, 0, 100, 200]
        let padded = TestDataSets.image(rows: 1, columns: 4, allocated: 16, signed: true, pixelData: TestDataSets.bytes(stored),
                                        extra: [DataElement(tag: ImagingTag.pixelPaddingValue, vr: .SS, bytes: TestDataSets.bytes([Int16(-2000)]))])
        #expect(try TestDataSets.render(padded).pixels == [0, 0, 128, 255])
        let unpadded = TestDataSets.image(rows: 1, columns: 4, allocated: 16, signed: true, pixelData: TestDataSets.bytes(stored))
        let unpaddedPixels = try TestDataSets.render(unpadded).pixels
        #expect(unpaddedPixels == [0, 232, 243, 255])
    }

    @Test("without a window, a negative rescale's range comes from the extreme stored values, as a full scan finds it")
    func minMaxWithNegativeSlope() throws {
        let stored: [UInt16] = [0, 100, 200, 400]
        let rescale = [TestDataSets.text(ImagingTag.rescaleSlope, .DS, "-1"), TestDataSets.text(ImagingTag.rescaleIntercept, .DS, "0")]
        let shortcut = try TestDataSets.render(TestDataSets.image(rows: 1, columns: 4, allocated: 16, pixelData: TestDataSets.bytes(stored), extra: rescale))
        // A padding value absent from the frame changes nothing but forces the scan of every present value.
        let padding = DataElement(tag: ImagingTag.pixelPaddingValue, vr: .US, bytes: TestDataSets.bytes([UInt16(65_535)]))
        let scanned = try TestDataSets.render(TestDataSets.image(rows: 1, columns: 4, allocated: 16, pixelData: TestDataSets.bytes(stored),
                                                                 extra: rescale + [padding]))
        #expect(shortcut.pixels == scanned.pixels)
        #expect(shortcut.pixels.first == 255 && shortcut.pixels.last == 0, "the highest modality value (stored 0) is white: \(shortcut.pixels)")
    }

    @Test("32-bit samples take the per-pixel path")
    func wideSamples() throws {
        let stored: [UInt32] = [0, 1_000_000, 4_000_000_000]
        let image = try TestDataSets.render(TestDataSets.image(rows: 1, columns: 3, allocated: 32, pixelData: TestDataSets.bytes(stored)))
        #expect(image.pixels == [0, 0, 255])
    }

    @Test("Modality and VOI LUT Sequences are applied, inputs clamped to the table")
    func lutSequences() throws {
        let modalityItem = DataSet([
            DataElement(tag: ImagingTag.lutDescriptor, vr: .SS, bytes: TestDataSets.bytes([Int16(3), -2, 16])),
            DataElement(tag: ImagingTag.lutData, vr: .OW, bytes: TestDataSets.bytes([UInt16(10), 20, 30])),
        ])
        let voiItem = DataSet([
            TestDataSets.us(ImagingTag.lutDescriptor, 21, 10, 8),
            DataElement(tag: ImagingTag.lutData, vr: .OW, bytes: TestDataSets.bytes((0..<21).map { UInt16($0 * 12) })),
        ])
        let stored: [Int16] = [-5, -1, 0, 7]
        let modality = TestDataSets.image(rows: 1, columns: 4, allocated: 16, signed: true, pixelData: TestDataSets.bytes(stored),
                                          extra: [DataElement(tag: ImagingTag.modalityLUTSequence, vr: .SQ, value: .sequence([modalityItem]))])
        // Modality 10, 20, 30, 30 → min/max window 10…30.
        #expect(try TestDataSets.render(modality).pixels == [0, 128, 255, 255])
        var both = modality
        both.set(DataElement(tag: ImagingTag.voiLUTSequence, vr: .SQ, value: .sequence([voiItem])))
        // VOI input 10 → entry 0; 20 → entry 10 (120); 30 → entry 20 (240); 8-bit table scaled by 255/255.
        #expect(try TestDataSets.render(both).pixels == [0, 120, 240, 240])
    }

    @Test("per-frame functional groups choose each frame's window")
    func functionalGroups() throws {
        func item(_ tag: DICOM.Tag, _ elements: [DataElement]) -> DataElement {
            DataElement(tag: tag, vr: .SQ, value: .sequence([DataSet(elements)]))
        }
        let shared = DataSet([item(ImagingTag.pixelValueTransformationSequence,
                                   [ds(ImagingTag.rescaleIntercept, "-100"), ds(ImagingTag.rescaleSlope, "1")])])
        let frames = ["0", "100"].map { center in
            DataSet([item(ImagingTag.frameVOILUTSequence, [ds(ImagingTag.windowCenter, center), ds(ImagingTag.windowWidth, "101")])])
        }
        let dataSet = TestDataSets.image(rows: 1, columns: 1, allocated: 16, frames: 2, pixelData: TestDataSets.bytes([UInt16(100), 100]),
                                         extra: [DataElement(tag: ImagingTag.sharedFunctionalGroups, vr: .SQ, value: .sequence([shared])),
                                                 DataElement(tag: ImagingTag.perFrameFunctionalGroups, vr: .SQ, value: .sequence(frames))])
        // Stored 100 − 100 = 0: frame 0's window 0/101 gives (0.5/100 + ½)·255 = 128.8, frame 1's 100/101 gives 0.
        let first = try TestDataSets.render(dataSet, frame: 0).pixels, second = try TestDataSets.render(dataSet, frame: 1).pixels
        #expect(first == [129] && second == [0])
    }

    @Test("RGB beyond 8 bits is scaled; YBR_FULL is converted with the PS3.3 matrix")
    func colour() throws {
        let wide = TestDataSets.image(rows: 1, columns: 1, samples: 3, allocated: 16, photometric: "RGB",
                                      pixelData: TestDataSets.bytes([UInt16(65535), 32768, 0]))
        #expect(try TestDataSets.render(wide).pixels == [255, 128, 0])
        let ybr = TestDataSets.image(rows: 1, columns: 2, samples: 3, allocated: 8, photometric: "YBR_FULL",
                                     pixelData: Data([128, 128, 128, 76, 85, 255]))
        let y = 76.0, cb = 85.0 - 128, cr = 255.0 - 128
        let red = [y + 1.402 * cr, y - 0.344136 * cb - 0.714136 * cr, y + 1.772 * cb].map { UInt8(min(max($0.rounded(), 0), 255)) }
        #expect(try TestDataSets.render(ybr).pixels == [128, 128, 128] + red)
    }

    @Test("palettes: 8-bit entries under a 16-bit descriptor, 16-bit entries scaled, first mapped value")
    func palette() throws {
        var extra: [DataElement] = []
        for (descriptor, data, entries) in [(ImagingTag.redPaletteDescriptor, ImagingTag.redPaletteData, TestDataSets.bytes([UInt16(0), 65535])),
                                            (ImagingTag.greenPaletteDescriptor, ImagingTag.greenPaletteData, Data([7, 9])),
                                            (ImagingTag.bluePaletteDescriptor, ImagingTag.bluePaletteData, TestDataSets.bytes([UInt16(32896), 257]))] {
            extra += [TestDataSets.us(descriptor, 2, 5, 16), DataElement(tag: data, vr: .OW, bytes: entries)]
        }
        let dataSet = TestDataSets.image(rows: 1, columns: 3, allocated: 8, photometric: "PALETTE COLOR", pixelData: Data([0, 6, 200]), extra: extra)
        #expect(try TestDataSets.render(dataSet).pixels == [0, 7, 128, 255, 9, 1, 255, 9, 1])
    }

    @Test("segmented palettes expand discrete, linear and indirect segments (PS3.3 C.7.9.2)")
    func segmented() throws {
        // Discrete [0, 10], linear to 40 over 3, then an indirect copy of the first two segments.
        let data = [0, 2, 0, 10, 1, 3, 40, 2, 2, 0, 0]
        #expect(try LookupTable.expandSegments(data, bits: 16) == [0, 10, 20, 30, 40, 0, 10, 20, 30, 40])
        #expect(throws: ImagingError.self) { try LookupTable.expandSegments([1, 2, 5], bits: 16) }
        guard let url = Corpus.file("gdcm-US-ALOKA-16.dcm") else { return }
        let red = try LookupTable(paletteDescriptor: ImagingTag.redPaletteDescriptor, data: ImagingTag.redPaletteData,
                                  segmented: ImagingTag.segmentedRedPaletteData, in: DICOMFile(contentsOf: url).dataSet, name: "red")
        #expect(red.entries.count == 65_536)
    }
}
