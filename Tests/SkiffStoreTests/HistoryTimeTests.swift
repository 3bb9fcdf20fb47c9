import Foundation
import Testing

@testable import SkiffStore

@Suite("Commit times")
struct HistoryTimeTests {
    func now() -> Int64 { Int64(Date().timeIntervalSince1970 * 1e9) }

    @Test func revisionsAreFoundByTheirCommitTime() async throws {
        try await withScratchStore { store in
            let beforeAll = now()
            try await Task.sleep(for: .milliseconds(5))
            try await store.put(k("/t"), k("1"))  // 1
            try await Task.sleep(for: .milliseconds(20))
            let between = now()
            try await Task.sleep(for: .milliseconds(20))
            try await store.put(k("/t"), k("2"))  // 2
            try await store.put(k("/u"), k("3"))  // 3
            try await Task.sleep(for: .milliseconds(5))
            let afterAll = now()

            #expect(try await store.revision(atUnixNanoseconds: beforeAll) == nil)
            #expect(try await store.revision(atUnixNanoseconds: between) == 1)
            #expect(try await store.revision(atUnixNanoseconds: afterAll) == 3)
            let first = try #require(try await store.commitTime(of: 1))
            let second = try #require(try await store.commitTime(of: 2))
            #expect(first > beforeAll && first < between)
            #expect(second > between && second <= afterAll)
            #expect(try await store.commitTime(of: 9) == nil)
            // Reading "the store as it was then" combines the two.
            let then = try #require(try await store.revision(atUnixNanoseconds: between))
            #expect(try await store.get(k("/t"), revision: then)?.value == k("1"))
        }
    }

    @Test func commitTimesNeverGoBackwards() async throws {
        try await withScratchStore { store in
            for index in 0..<50 { try await store.put(k("/m/\(index % 5)"), k("\(index)")) }
            var last: Int64 = 0
            for revision in 1...50 {
                let time = try #require(try await store.commitTime(of: Revision(Int64(revision))))
                #expect(time >= last)
                last = time
            }
        }
    }
}
