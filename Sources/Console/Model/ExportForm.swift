import DICOM
import DicomStore
import ObjectStorage

/// What an export writes for each instance.
enum ExportFileType: Int, Sendable, CaseIterable {
    case dicom, octetStream, jpeg, png

    /// The name shown.
    var title: String {
        switch self {
        case .dicom: "DICOM .dcm"
        case .octetStream: "octet-stream"
        case .jpeg: "JPEG .jpg"
        case .png: "PNG .png"
        }
    }

    /// The transfer syntaxes this type can be written in: a label and the UID (nil: as stored).
    var syntaxes: [(label: String, uid: String?)] {
        switch self {
        case .dicom:
            [("as stored (*)", nil),
             ("Explicit VR Little Endian", TransferSyntax.explicitVRLittleEndian.uid),
             ("Implicit VR Little Endian", TransferSyntax.implicitVRLittleEndian.uid),
             ("Explicit VR Big Endian", TransferSyntax.explicitVRBigEndian.uid),
             ("Deflated Explicit VR Little Endian", TransferSyntax.deflatedExplicitVRLittleEndian.uid),
             ("JPEG Baseline", TransferSyntax.jpegBaseline.uid),
             ("JPEG Lossless SV1", TransferSyntax.jpegLosslessSV1.uid),
             ("JPEG-LS Lossless", TransferSyntax.jpegLSLossless.uid),
             ("JPEG 2000 Lossless", TransferSyntax.jpeg2000Lossless.uid),
             ("RLE Lossless", TransferSyntax.rleLossless.uid)]
        case .octetStream:
            [("pixel data as stored (*)", nil), ("uncompressed (Explicit VR Little Endian)", TransferSyntax.explicitVRLittleEndian.uid)]
        case .jpeg, .png:
            [("8-bit rendered frames", nil)]
        }
    }

    /// The `gcsDestination.mimeType` the API takes.
    func mimeType(syntax uid: String?) -> String {
        switch self {
        case .dicom: uid.map { "application/dicom; transfer-syntax=\($0)" } ?? "application/dicom"
        case .octetStream: "application/octet-stream; transfer-syntax=\(uid ?? "*")"
        case .jpeg: "image/jpeg"
        case .png: "image/png"
        }
    }
}

/// The Export tab: destination bucket (chosen from the listed buckets) and folder, file type, transfer
/// syntax, optional filter file, Export.
struct ExportForm: Sendable, Equatable {
    /// The fields, in Tab order (the form opens on the destination; the bucket chooser is above it).
    enum Field: Int, Sendable, CaseIterable { case bucket, destination, fileType, transferSyntax, filter, submit }

    var focus: Field = .destination
    /// `gs://bucket/folder/`.
    var destination = TextField()
    var fileType: ExportFileType = .dicom
    var syntaxIndex = 0
    /// A local filter file, or a `gs://` one (optional).
    var filterPath = TextField()
    let store: StoreName

    /// An empty form.
    init(store: StoreName) { self.store = store }

    /// The chosen transfer syntax UID (nil: as stored).
    var syntaxUID: String? {
        let options = fileType.syntaxes
        return options[min(syntaxIndex, options.count - 1)].uid
    }

    /// The destination with another bucket, keeping the folder typed so far (or suggesting one).
    func destination(inBucket bucket: String) -> TextField {
        let folder = (try? StorageURI(destination.text))?.path ?? ""
        return TextField("gs://\(bucket)/" + (folder.isEmpty ? "exports/\(store.id)/" : folder))
    }

    /// The bucket the destination names, if it names one.
    var destinationBucket: String? { (try? StorageURI(destination.text))?.bucket }

    /// The destination's error, as typed: a bucket or folder without wildcards.
    var destinationError: String? {
        let text = destination.text
        if text.isEmpty { return "type the destination, e.g. gs://BUCKET/exports/" }
        do {
            let uri = try StorageURI(text)
            if !uri.path.isEmpty, try ObjectPattern(uri.path).hasWildcards {
                return "the destination must be a bucket or folder, without wildcards"
            }
            return nil
        } catch let error as StorageError {
            return error.message
        } catch {
            return String(describing: error)
        }
    }

    /// The filter path's error: a `gs://` object URI or an absolute local path.
    var filterError: String? {
        let text = filterPath.text
        if text.isEmpty { return nil }
        if text.hasPrefix("gs://") { return ImportForm.validate(text) }
        return text.hasPrefix("/") ? nil : "give an absolute path or a gs:// URI"
    }
}
