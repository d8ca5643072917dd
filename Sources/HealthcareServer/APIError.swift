import DICOM
import DicomStore
import Foundation
import Hummingbird
import ObjectStorage

/// google.rpc.Status errors as the REST API writes them: `{"error": {"code", "message", "status"}}`
/// with the HTTP status of the canonical code.
enum APIError {
    /// The response for any error a handler throws.
    static func response(for error: any Error) -> Response {
        if let tooLarge = error as? PayloadTooLarge {
            return response(httpStatus: 413, status: "INVALID_ARGUMENT",
                            message: "the request body is larger than the \(tooLarge.limit) bytes this endpoint accepts")
        }
        if let status = error as? HTTPStatusError {
            return response(httpStatus: status.httpStatus, status: status.code.rawValue, message: status.message)
        }
        let failure = ServiceError(error)
        return response(httpStatus: failure.code.httpStatus, status: failure.code.rawValue, message: failure.message)
    }

    static func response(httpStatus: Int, status: String, message: String) -> Response {
        let body: JSONValue = .object([("error", .object([
            ("code", .number(String(httpStatus))), ("message", .string(message)), ("status", .string(status)),
        ]))])
        var response = JSONResponse.make(body, status: .init(code: httpStatus))
        if httpStatus == 401 { response.headers[.wwwAuthenticate] = "Bearer realm=\"dicom-console\"" }
        return response
    }
}

/// A body over the size an endpoint accepts.
struct PayloadTooLarge: Error {
    let limit: Int64
}

/// JSON responses.
enum JSONResponse {
    static func make(_ value: JSONValue, status: HTTPResponse.Status = .ok) -> Response {
        var buffer = ByteBuffer()
        buffer.writeString(value.serialized(pretty: true))
        buffer.writeString("\n")
        return Response(status: status, headers: [.contentType: "application/json; charset=UTF-8"], body: .init(byteBuffer: buffer))
    }

    /// `{}`, what deletes and cancels answer.
    static var empty: Response { make(.object([])) }
}
