import Testing
@testable import DicomStore
import ObjectStorage

@Suite("Service errors")
struct ServiceErrorTests {
    @Test("canonical codes map to google.rpc numbers and HTTP statuses; storage errors keep their code")
    func codes() {
        #expect(ServiceError.Code.invalidArgument.number == 3 && ServiceError.Code.invalidArgument.httpStatus == 400)
        #expect(ServiceError.Code.notFound.number == 5 && ServiceError.Code.notFound.httpStatus == 404)
        #expect(ServiceError.Code.permissionDenied.number == 7 && ServiceError.Code.permissionDenied.httpStatus == 403)
        #expect(ServiceError.Code(number: 6) == .alreadyExists)
        #expect(ServiceError(StorageError(.permissionDenied, "no")).code == .permissionDenied)
    }
}
