@testable import DicomStore

/// The service's `Operation` (Foundation has one too, and the test files import Foundation); this
/// file imports only DicomStore, so the name is unambiguous here.
typealias StoreOperation = Operation
