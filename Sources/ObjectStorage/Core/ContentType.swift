/// Content types guessed from object names, for objects stored without one.
public enum ContentType {
    /// The MIME type for a file name's extension; `application/octet-stream` when unknown.
    public static func guess(for name: String) -> String {
        let ext = name.split(separator: "/").last?.split(separator: ".", omittingEmptySubsequences: false).dropFirst().last?.lowercased()
        switch ext {
        case "dcm", "dicom": return "application/dicom"
        case "json": return "application/json"
        case "png": return "image/png"
        case "jpg", "jpeg": return "image/jpeg"
        case "txt", "log": return "text/plain"
        case "csv": return "text/csv"
        case "xml": return "application/xml"
        case "zip": return "application/zip"
        case "gz": return "application/gzip"
        default: return "application/octet-stream"
        }
    }
}
