import Testing
@testable import ObjectStorage

@Suite struct UniqueNameTests {
    @Test("names are 32 hex digits, never repeat (also across threads), and scattered ones spread over fan-out folders")
    func uniqueAndScattered() async {
        let names = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<4 {
                group.addTask { (0..<25_000).flatMap { _ in [UniqueName.next(), UniqueName.scattered()] } }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(names.count == 200_000)
        #expect(Set(names).count == names.count, "no name given twice")
        #expect(names.allSatisfy { $0.count == 32 && $0.allSatisfy(\.isHexDigit) && $0 == $0.lowercased() })
        let plain = (0..<4_096).map { _ in UniqueName.next() }
        #expect(Set(plain.map { $0.prefix(2) }).count == 1, "plain names share the process's digits first")
        let scattered = (0..<4_096).map { _ in UniqueName.scattered() }
        #expect(Set(scattered.map { $0.prefix(2) }).count > 240, "scattered names use nearly every one of 256 folders")
    }
}
