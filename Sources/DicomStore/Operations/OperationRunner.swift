import ObjectStorage
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Starts the work of an operation somewhere: in this process, or in a detached worker process that
/// outlives the front end that asked for it.
public protocol OperationRunner: Sendable {
    /// Starts running `operation` of `service` (returns at once).
    func start(_ operation: OperationName, service: EmbeddedService) throws
}

/// Runs operations as tasks of this process (the CLI waiting for an import, the HTTP server, tests).
public struct InProcessRunner: OperationRunner {
    public init() {}

    public func start(_ operation: OperationName, service: EmbeddedService) throws {
        Task.detached(priority: .utility) { await service.run(operation) }
    }
}
