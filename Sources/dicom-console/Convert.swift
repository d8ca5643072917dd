import ObjectStorage
import ArgumentParser
import DICOM
import Foundation

/// `dicom-console convert IN OUT`: re-encode a file in another (uncompressed) transfer syntax, like dcmconv.
struct Convert: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Re-encode a DICOM file in another transfer syntax (like dcmconv).",
        discussion: "Syntaxes: explicit (1.2.840.10008.1.2.1), implicit (1.2.840.10008.1.2), big (1.2.840.10008.1.2.2), deflated (1.2.840.10008.1.2.1.99), or a UID. Compressed pixel data keeps its own syntax."
    )

    @Argument(help: "The file to read.")
    var input: String

    @Argument(help: "The file to write (replaced atomically).")
    var output: String

    @Option(name: [.short, .long], help: "The transfer syntax to write.")
    var transferSyntax = "explicit"

    func run() throws {
        let syntax: TransferSyntax
        switch transferSyntax.lowercased() {
        case "explicit": syntax = .explicitVRLittleEndian
        case "implicit": syntax = .implicitVRLittleEndian
        case "big": syntax = .explicitVRBigEndian
        case "deflated": syntax = .deflatedExplicitVRLittleEndian
        default: syntax = TransferSyntax.lookup(transferSyntax)
        }
        guard syntax.isKnown else {
            throw ValidationError("unknown transfer syntax \(transferSyntax)")
        }
        let file = try DICOMFile(path: input)
        try file.write(to: URL(fileURLWithPath: output), as: syntax)
    }
}
