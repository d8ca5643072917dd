// libFuzzer entry point, compiled together with the DICOM module's sources by scripts/fuzz.sh.
// Every input must either parse or throw a DICOMError; whatever parses is also dumped, turned into
// DICOM JSON and back, and re-encoded, so the whole read/write path is exercised.
import Foundation

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzDICOM(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> CInt {
    let data = Data(bytes: bytes, count: count)
    guard let file = try? DICOMFile(data: data) else { return 0 }
    _ = DumpFormatter().format(file)
    let json = DICOMJSON.encode(file.dataSet)
    _ = try? DICOMJSON.dataSet(fromJSON: json)
    for syntax in TransferSyntax.writable {
        if let encoded = try? file.encoded(as: syntax) { _ = try? DICOMFile(data: encoded) }
    }
    return 0
}
