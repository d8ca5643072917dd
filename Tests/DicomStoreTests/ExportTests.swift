import DICOM
import DICOMImaging
import Foundation
import GRDB
import ObjectStorage
import Testing
@testable import DicomStore

extension StoreTests {
    @Suite("Export")
    struct ExportTests {
        /// A store holding the six bundled sample instances, and an export bucket the agent may write to.
        func prepared() async throws -> (StoreFixture, StoreName, URL) {
            let fixture = try StoreFixture()
            let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("Resources/samples")
            try fixture.addBucket("samples", folder: samples)
            let store = try await fixture.makeStore()
            let imported = try await fixture.importAndWait(into: store, uri: "gs://samples/*.dcm")
            #expect(imported.counter.success == 6)
            let outbox = try fixture.folder("outbox")
            try fixture.local.createBucket("outbox", folder: outbox)
            try fixture.local.addIAMBinding(bucket: "outbox", member: fixture.service.serviceAgent(of: fixture.project),
                                            role: "roles/storage.objectAdmin")
            return (fixture, store, outbox)
        }

        func export(_ fixture: StoreFixture, _ store: StoreName, prefix: String, mimeType: String? = nil,
                    filter: FilterSource? = nil) async throws -> StoreOperation {
            let started = try await fixture.service.exportDicom(from: store, uriPrefix: prefix, mimeType: mimeType, filter: filter)
            return try await fixture.waitUntilDone(started.name)
        }

        func files(under folder: URL) -> [String] {
            (FileManager.default.enumerator(atPath: folder.path)?.allObjects as? [String] ?? [])
                .filter { !$0.hasPrefix(".") && !FileManager.default.isDirectory(folder.appendingPathComponent($0)) }.sorted()
        }

        @Test("as stored: STUDY/SERIES/SOP.dcm with the stored bytes; the folder is created")
        func asStored() async throws {
            let (fixture, store, outbox) = try await prepared()
            let done = try await export(fixture, store, prefix: "gs://outbox/new/folder")
            #expect(done.succeeded && done.counter.success == 6)
            let written = files(under: outbox.appendingPathComponent("new/folder"))
            #expect(written.count == 6 && written.allSatisfy { $0.split(separator: "/").count == 3 && $0.hasSuffix(".dcm") })
            for instance in try await fixture.allInstances(in: store) {
                let path = outbox.appendingPathComponent("new/folder/\(instance.studyInstanceUID)/\(instance.seriesInstanceUID)/\(instance.sopInstanceUID).dcm")
                let stored = try await fixture.service.instanceBytes(in: store, sopInstanceUID: instance.sopInstanceUID)
                #expect(try Data(contentsOf: path) == stored)
            }
        }

        @Test("transcoded to each native syntax: the same data set, the syntax asked for")
        func transcoded() async throws {
            let (fixture, store, outbox) = try await prepared()
            for syntax in TransferSyntax.writable {
                let done = try await export(fixture, store, prefix: "gs://outbox/\(syntax.uid)", mimeType: "application/dicom; transfer-syntax=\(syntax.uid)")
                #expect(done.succeeded, "\(syntax.name): \(String(describing: done.error))")
                for name in files(under: outbox.appendingPathComponent(syntax.uid)) {
                    let file = try DICOMFile(contentsOf: outbox.appendingPathComponent(syntax.uid).appendingPathComponent(name))
                    #expect(file.transferSyntax == syntax)
                    let original = try DICOMFile(data: await fixture.service.instanceBytes(in: store, sopInstanceUID: file.dataSet.string(.sopInstanceUID)!))
                    #expect(file.dataSet[.pixelData]?.bytes == original.dataSet[.pixelData]?.bytes)
                    #expect(file.dataSet.string(.patientName) == original.dataSet.string(.patientName))
                }
            }
        }

        @Test("octet-stream: the raw pixel data of each frame")
        func octetStream() async throws {
            let (fixture, store, outbox) = try await prepared()
            let done = try await export(fixture, store, prefix: "gs://outbox/raw", mimeType: "application/octet-stream")
            #expect(done.succeeded)
            let written = files(under: outbox.appendingPathComponent("raw"))
            #expect(written.count == 6)
            for name in written {
                #expect(try Data(contentsOf: outbox.appendingPathComponent("raw").appendingPathComponent(name)).count == 128 * 128 * 2)
            }
        }

        @Test("rendered PNG and JPEG, one image per instance, readable back")
        func rendered() async throws {
            let (fixture, store, outbox) = try await prepared()
            for (mime, ext) in [("image/png", ".png"), ("image/jpeg", ".jpg")] {
                let done = try await export(fixture, store, prefix: "gs://outbox/\(ext.dropFirst())", mimeType: mime)
                #expect(done.succeeded, "\(mime): \(String(describing: done.error))")
                let written = files(under: outbox.appendingPathComponent(String(ext.dropFirst())))
                #expect(written.count == 6 && written.allSatisfy { $0.hasSuffix(ext) })
                let data = try Data(contentsOf: outbox.appendingPathComponent(String(ext.dropFirst())).appendingPathComponent(written[0]))
                let image = try ext == ".png" ? RenderedImage(png: data) : RenderedImage(jpeg: data)
                #expect(image.width == 128 && image.height == 128)
            }
        }

        @Test("a JPEG 2000 lossless instance transcoded to explicit VR little endian has the original pixels")
        func decodeTranscode() async throws {
            let fixture = try StoreFixture()
            let source = try fixture.folder("j2k")
            let corpus = try TestData.pydicomTestFiles()
            try FileManager.default.copyItem(at: corpus.appendingPathComponent("MR_small_jp2klossless.dcm"), to: source.appendingPathComponent("mr.dcm"))
            try fixture.addBucket("j2k", folder: source)
            let store = try await fixture.makeStore()
            #expect(try await fixture.importAndWait(into: store, uri: "gs://j2k/*.dcm").succeeded)
            let outbox = try fixture.folder("outbox")
            try fixture.local.createBucket("outbox", folder: outbox)
            try fixture.local.addIAMBinding(bucket: "outbox", member: fixture.service.serviceAgent(of: fixture.project), role: "roles/storage.objectAdmin")
            let done = try await export(fixture, store, prefix: "gs://outbox/ele", mimeType: "application/dicom; transfer-syntax=1.2.840.10008.1.2.1")
            #expect(done.succeeded, "\(String(describing: done.error))")
            let name = try #require(files(under: outbox.appendingPathComponent("ele")).first)
            let exported = try DICOMFile(contentsOf: outbox.appendingPathComponent("ele").appendingPathComponent(name))
            let original = try DICOMFile(contentsOf: corpus.appendingPathComponent("MR_small.dcm"))
            #expect(exported.transferSyntax == .explicitVRLittleEndian)
            #expect(exported.dataSet[.pixelData]?.bytes == original.dataSet[.pixelData]?.bytes)
        }

        @Test("filter file: only what it names; missing resources are failures; a bad line fails the request")
        func filter() async throws {
            let (fixture, store, outbox) = try await prepared()
            let instances = try await fixture.allInstances(in: store)
            let one = instances[0], series = instances.first { $0.seriesInstanceUID != one.seriesInstanceUID }!
            let text = """
                /studies/\(one.studyInstanceUID)/series/\(one.seriesInstanceUID)/instances/\(one.sopInstanceUID)

                /studies/\(series.studyInstanceUID)/series/\(series.seriesInstanceUID)
                /studies/1.2.3.4
                """
            let done = try await export(fixture, store, prefix: "gs://outbox/subset", filter: .text(text, name: "subset.txt"))
            #expect(done.counter.success == 4 && done.counter.failure == 1)
            #expect(done.error?.sampleErrors.first?.resource == "/studies/1.2.3.4")
            #expect(files(under: outbox.appendingPathComponent("subset")).count == 4)
            do {
                _ = try await fixture.service.exportDicom(from: store, uriPrefix: "gs://outbox/x", mimeType: nil,
                                                          filter: .text("/studies/1.2\n/series/1.2\n", name: "bad.txt"))
                Issue.record("a bad filter file was accepted")
            } catch let error as ServiceError {
                #expect(error.code == .invalidArgument && error.message.contains("bad.txt line 2"))
            }
        }

        @Test("without write permission the export fails up front naming objectAdmin")
        func permission() async throws {
            let (fixture, store, _) = try await prepared()
            try fixture.local.createBucket("locked", folder: try fixture.folder("locked"))
            let done = try await export(fixture, store, prefix: "gs://locked/out")
            #expect(done.error?.code == .permissionDenied && done.error?.message.contains("roles/storage.objectAdmin") == true)
        }

        @Test("metadata table → filter file → export: the documented path")
        func metadataPath() async throws {
            let (fixture, store, outbox) = try await prepared()
            let path = fixture.root.appendingPathComponent("meta.db").path
            let table = try MetadataTable(uri: "sqlite://\(path)?table=instances", disposition: .writeEmpty)
            let started = try await fixture.service.exportMetadata(from: store, to: table)
            #expect(try await fixture.waitUntilDone(started.name).succeeded)
            let again = try await fixture.waitUntilDone(fixture.service.exportMetadata(from: store, to: table).name)
            #expect(again.error?.code == .failedPrecondition)  // WRITE_EMPTY on a table with rows
            let queue = try DatabaseQueue(path: path)
            let lines = try await queue.read { db in
                try String.fetchAll(db, sql: "SELECT '/studies/' || StudyInstanceUID || '/series/' || SeriesInstanceUID || '/instances/' || SOPInstanceUID FROM instances WHERE InstanceNumber = 2 AND Modality = 'CT' AND PatientName = 'Phantom^Sample'")
            }
            #expect(lines.count == 2)
            let done = try await export(fixture, store, prefix: "gs://outbox/picked", filter: .text(lines.joined(separator: "\n"), name: "query"))
            #expect(done.succeeded && done.counter.success == 2)
            #expect(files(under: outbox.appendingPathComponent("picked")).count == 2)
        }
    }
}

extension FileManager {
    func isDirectory(_ url: URL) -> Bool {
        var flag: ObjCBool = false
        return fileExists(atPath: url.path, isDirectory: &flag) && flag.boolValue
    }
}
