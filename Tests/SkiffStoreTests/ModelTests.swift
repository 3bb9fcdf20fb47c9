import Foundation
import Testing

@testable import SkiffStore

/// A randomized model test: thousands of random operations run against a real store and against
/// ``ReferenceModel``, a small in-memory statement of etcd v3's semantics; every answer, every
/// readable revision and every watch must agree.
///
/// The run is deterministic for a seed. A failure names the seed; rerun it alone with
/// `SKIFF_MODEL_SEED=0x... swift test --filter ModelTests`.
@Suite("Randomized model test")
struct ModelTests {
    static let operationCount = 3_000

    /// A fixed seed, plus a fresh one per run unless `SKIFF_MODEL_SEED` names one.
    static var seeds: [UInt64] {
        if let text = ProcessInfo.processInfo.environment["SKIFF_MODEL_SEED"] {
            let trimmed = text.lowercased().replacingOccurrences(of: "_", with: "")
            let seed = trimmed.hasPrefix("0x") ? UInt64(trimmed.dropFirst(2), radix: 16) : UInt64(trimmed)
            if let seed { return [seed] }
        }
        return [0x5EED_0000_0000_0001, UInt64.random(in: 1...UInt64.max)]
    }

    @Test(.timeLimit(.minutes(2)), arguments: seeds)
    func storeMatchesReferenceModel(seed: UInt64) async throws {
        print("ModelTests seed: \(hexSeed(seed)) (rerun with SKIFF_MODEL_SEED=\(hexSeed(seed)))")
        let directory = ScratchDirectory("skiff-model")
        let run = try ModelRun(seed: seed, directory: directory)
        await run.execute()
        await run.store.close()
    }

    // Regressions for what the model run found.

    /// Seed 0x2e8f7cce579ed5c3 began with a txn holding a range on the empty store: reads at
    /// revision 0 failed with `compacted` instead of answering "nothing".
    @Test func emptyStoreReadsAsEmpty() async throws {
        try await withScratchStore { store in
            let empty = RangeResponse(revision: 0, kvs: [], more: false, count: 0)
            #expect(try await store.range(RangeRequest(.all)) == empty)
            #expect(try await store.get(k("/x")) == nil)
            let txn = try await store.txn(TxnRequest(success: [.range(RangeRequest(.prefix("/")))]))
            #expect(txn == TxnResponse(revision: 0, succeeded: true, responses: [.range(empty)]))
            try await store.put(k("/x"), k("1"))
            // Once something is written, revision 0 is not a readable state.
            await expectStoreError(.compacted) { _ = try await store.range(RangeRequest(.all, revision: 0)) }
        }
    }

    /// A txn refused for a range outside the window (compacted or future revision) must fail alone,
    /// not take the other requests of its group commit down with it.
    @Test func refusedRequestLeavesItsGroupCommitAlone() async throws {
        try await withScratchStore { store in
            for index in 0..<10 { try await store.put(k("/k"), k("\(index)")) }
            try await store.compact(to: 8)
            for round in 0..<10 {
                let badRevision = round % 2 == 0 ? Revision(2) : Revision(store.currentRevision.rawValue + 100)
                let outcomes = await withTaskGroup(of: (bad: Bool, code: StoreError.Code?).self) { group in
                    group.addTask {
                        let error = await thrownStoreError {
                            _ = try await store.txn(
                                TxnRequest(success: [
                                    .put(PutRequest(key: k("/bad"), value: k("x"))),
                                    .range(RangeRequest(.all, revision: badRevision)),
                                ]))
                        }
                        return (bad: true, code: error?.code)
                    }
                    for index in 0..<20 {
                        group.addTask {
                            let error = await thrownStoreError {
                                try await store.put(k("/good/\(index)"), k("\(round)"))
                            }
                            return (bad: false, code: error?.code)
                        }
                    }
                    var outcomes: [(bad: Bool, code: StoreError.Code?)] = []
                    for await outcome in group { outcomes.append(outcome) }
                    return outcomes
                }
                let expectedBad: StoreError.Code = round % 2 == 0 ? .compacted : .futureRevision
                #expect(outcomes.filter(\.bad).map(\.code) == [expectedBad], "round \(round)")
                let failedGood = outcomes.filter { !$0.bad }.compactMap(\.code)
                #expect(failedGood.isEmpty, "round \(round): good puts failed with \(failedGood)")
            }
            #expect(store.currentRevision == Revision(10 + 10 * 20))
            #expect(try await store.get(k("/bad")) == nil)
        }
    }
}

func hexSeed(_ seed: UInt64) -> String { "0x" + String(seed, radix: 16) }

// MARK: - Random numbers

/// SplitMix64: a small, fast, deterministic generator, so a seed reproduces a run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { Int.random(in: 0..<100, using: &self) < percent }

    mutating func int(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &self) }

    mutating func pick<T>(_ elements: [T]) -> T { elements[Int.random(in: 0..<elements.count, using: &self)] }
}

// MARK: - The reference model

/// An error the model expects the store to answer with.
struct ModelError: Error, Equatable {
    var code: StoreError.Code
    init(_ code: StoreError.Code) { self.code = code }
}

/// etcd v3's semantics, as plainly as possible: the whole key space after every revision, the
/// events of every revision, the live leases and the compacted revision.
struct ReferenceModel {
    typealias Key = [UInt8]

    /// One revision's changes, in the order they were made.
    struct Change {
        var revision: Revision
        var events: [WatchEvent]
    }

    /// The current revision.
    private(set) var revision: Revision = .zero
    /// The compacted revision.
    private(set) var compactRevision: Revision = .zero
    /// `states[r]` is every live key after revision `r` (`states[0]` is empty).
    private(set) var states: [[Key: KeyValue]] = [[:]]
    /// `changes[r - 1]` is revision `r`'s events.
    private(set) var changes: [Change] = []
    /// The leases that exist. The keys attached to one are the live keys naming it.
    private(set) var leases: Set<LeaseID> = []

    /// The live keys now.
    var live: [Key: KeyValue] { states[Int(revision.rawValue)] }

    static func sorted(_ kvs: some Sequence<KeyValue>) -> [KeyValue] {
        kvs.sorted { $0.key.lexicographicallyPrecedes($1.key) }
    }

    /// The keys attached to `lease`, sorted.
    func keys(attachedTo lease: LeaseID) -> [Key] {
        Self.sorted(live.values.filter { $0.lease == lease }).map(\.key)
    }

    /// The keys of `range` at `revision`, sorted; the errors of a read outside the window.
    func range(_ range: KeyRange, at revision: Revision) -> Result<[KeyValue], ModelError> {
        if revision > self.revision { return .failure(ModelError(.futureRevision)) }
        if revision < compactRevision || Self.unreadableZero(revision, current: self.revision) {
            return .failure(ModelError(.compacted))
        }
        return .success(Self.sorted(states[Int(revision.rawValue)].values.filter { range.contains($0.key) }))
    }

    /// Revision 0 reads (as empty) only while it is the current revision: an empty store.
    static func unreadableZero(_ revision: Revision, current: Revision) -> Bool {
        revision < .zero || (revision == .zero && current > .zero)
    }

    /// The answer to a range request.
    func rangeResponse(_ request: RangeRequest) -> Result<RangeResponse, ModelError> {
        range(request.range, at: request.revision ?? revision).map {
            Self.response(to: request, all: $0, header: revision)
        }
    }

    /// Applies limit, keysOnly and countOnly to the sorted `all`.
    static func response(to request: RangeRequest, all: [KeyValue], header: Revision) -> RangeResponse {
        if request.countOnly { return RangeResponse(revision: header, kvs: [], more: false, count: all.count) }
        var kvs = request.limit > 0 ? Array(all.prefix(request.limit)) : all
        if request.keysOnly {
            for index in kvs.indices { kvs[index].value = [] }
        }
        return RangeResponse(revision: header, kvs: kvs, more: kvs.count < all.count, count: all.count)
    }

    /// The events of revisions from `from` on whose keys lie in `range`; without `prevKV` the
    /// events carry no previous key-value.
    func events(in range: KeyRange, from: Revision, prevKV: Bool) -> [WatchEvent] {
        changes.filter { $0.revision >= from }.flatMap(\.events).filter { range.contains($0.kv.key) }.map {
            var event = $0
            if !prevKV { event.prevKV = nil }
            return event
        }
    }

    /// Whether a compare holds against the key's current value (nil: the key does not exist).
    static func holds(_ compare: Compare, _ kv: KeyValue?) -> Bool {
        func relation<T: Comparable>(_ stored: T, _ target: T) -> Bool {
            switch compare.op {
            case .equal: stored == target
            case .notEqual: stored != target
            case .less: stored < target
            case .greater: stored > target
            }
        }
        switch compare.target {
        case .version(let target): return relation(kv?.version ?? 0, target)
        case .createRevision(let target): return relation(kv?.createRevision ?? .zero, target)
        case .modRevision(let target): return relation(kv?.modRevision ?? .zero, target)
        case .lease(let target): return relation(kv?.lease ?? .none, target)
        case .value(let target):
            // etcd: a value compare on a missing key is false, whatever the operator.
            guard let kv else { return false }
            switch compare.op {
            case .equal: return kv.value == target
            case .notEqual: return kv.value != target
            case .less: return kv.value.lexicographicallyPrecedes(target)
            case .greater: return target.lexicographicallyPrecedes(kv.value)
            }
        }
    }

    /// etcd's request checks: keys not empty, a delete bounded or keyed, no key written twice in
    /// one branch (two puts, or a put and a delete that covers it).
    static func validate(_ request: TxnRequest) -> ModelError? {
        if request.compares.contains(where: { $0.key.isEmpty }) { return ModelError(.invalidArgument) }
        for branch in [request.success, request.failure] {
            var puts: [Key] = []
            var deletes: [KeyRange] = []
            for operation in branch {
                switch operation {
                case .put(let put):
                    if put.key.isEmpty || puts.contains(put.key) { return ModelError(.invalidArgument) }
                    puts.append(put.key)
                case .delete(let delete):
                    if delete.range.start.isEmpty && delete.range.end == nil { return ModelError(.invalidArgument) }
                    deletes.append(delete.range)
                case .range:
                    continue
                case .txn:
                    preconditionFailure("the model does not nest transactions")
                }
            }
            if puts.contains(where: { key in deletes.contains { $0.contains(key) } }) {
                return ModelError(.invalidArgument)
            }
        }
        return nil
    }

    /// Runs a transaction: the answer the store must give, and the new state.
    mutating func txn(_ request: TxnRequest) -> Result<TxnResponse, ModelError> {
        if let error = Self.validate(request) { return .failure(error) }
        let before = live
        let succeeded = request.compares.allSatisfy { Self.holds($0, before[$0.key]) }
        let operations = succeeded ? request.success : request.failure
        for case .put(let put) in operations where put.lease != .none && !leases.contains(put.lease) {
            return .failure(ModelError(.leaseNotFound))
        }
        var state = before
        let next = revision.next
        var events: [WatchEvent] = []
        var responses: [OperationResponse] = []
        for operation in operations {
            let header = events.isEmpty ? revision : next
            switch operation {
            case .range(let range):
                // A read inside a transaction sees the transaction's own writes at its revision; a
                // read outside the window fails the whole transaction.
                let at = range.revision ?? header
                if at > header { return .failure(ModelError(.futureRevision)) }
                if at < compactRevision || Self.unreadableZero(at, current: header) {
                    return .failure(ModelError(.compacted))
                }
                let source = at == header ? state : states[Int(at.rawValue)]
                let all = Self.sorted(source.values.filter { range.range.contains($0.key) })
                responses.append(.range(Self.response(to: range, all: all, header: header)))
            case .put(let put):
                let previous = state[put.key]
                let kv = KeyValue(
                    key: put.key, value: put.value, createRevision: previous?.createRevision ?? next,
                    modRevision: next, version: (previous?.version ?? 0) + 1, lease: put.lease)
                state[put.key] = kv
                events.append(WatchEvent(kind: .put, kv: kv, prevKV: previous))
                responses.append(.put(PutResponse(revision: next, prevKV: put.prevKV ? previous : nil)))
            case .delete(let delete):
                let found = Self.sorted(state.values.filter { delete.range.contains($0.key) })
                if found.isEmpty {
                    responses.append(.delete(DeleteResponse(revision: header, deleted: 0, prevKVs: [])))
                    continue
                }
                for kv in found {
                    state[kv.key] = nil
                    events.append(Self.deletion(kv, at: next))
                }
                responses.append(
                    .delete(
                        DeleteResponse(revision: next, deleted: found.count, prevKVs: delete.prevKV ? found : [])))
            case .txn:
                preconditionFailure("the model does not nest transactions")
            }
        }
        commit(events, state)
        return .success(TxnResponse(revision: revision, succeeded: succeeded, responses: responses))
    }

    static func deletion(_ kv: KeyValue, at revision: Revision) -> WatchEvent {
        WatchEvent(
            kind: .delete,
            kv: KeyValue(key: kv.key, value: [], createRevision: .zero, modRevision: revision, version: 0),
            prevKV: kv)
    }

    private mutating func commit(_ events: [WatchEvent], _ state: [Key: KeyValue]) {
        guard !events.isEmpty else { return }
        revision = revision.next
        states.append(state)
        changes.append(Change(revision: revision, events: events))
    }

    mutating func grant(_ lease: LeaseID) {
        precondition(!leases.contains(lease))
        leases.insert(lease)
    }

    /// Revokes a lease: its keys are deleted in one revision (none if it has no keys).
    mutating func revoke(_ lease: LeaseID) -> Result<Revision, ModelError> {
        guard leases.remove(lease) != nil else { return .failure(ModelError(.leaseNotFound)) }
        var state = live
        var events: [WatchEvent] = []
        for key in keys(attachedTo: lease) {
            events.append(Self.deletion(state[key]!, at: revision.next))
            state[key] = nil
        }
        commit(events, state)
        return .success(revision)
    }

    mutating func compact(to target: Revision) -> Result<Void, ModelError> {
        if target <= compactRevision { return .failure(ModelError(.compacted)) }
        if target > revision { return .failure(ModelError(.futureRevision)) }
        compactRevision = target
        return .success(())
    }
}

// MARK: - Text for failure messages

enum ModelText {
    static func bytes(_ bytes: [UInt8]) -> String {
        if bytes.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return "\"" + String(decoding: bytes, as: UTF8.self) + "\"" }
        let digits = Array("0123456789abcdef")
        let shown = "0x" + String(bytes.prefix(12).flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0xF)]] })
        return bytes.count > 12 ? shown + "…(\(bytes.count) bytes)" : shown
    }

    static func kv(_ kv: KeyValue?) -> String {
        guard let kv else { return "nil" }
        return
            "\(bytes(kv.key))=\(bytes(kv.value))(c\(kv.createRevision) m\(kv.modRevision) v\(kv.version) l\(kv.lease))"
    }

    static func kvs(_ kvs: [KeyValue]) -> String { "[" + kvs.map { kv($0) }.joined(separator: ", ") + "]" }

    static func event(_ event: WatchEvent) -> String {
        "\(event.kind == .put ? "PUT" : "DEL") \(kv(event.kv)) prev \(kv(event.prevKV))"
    }

    static func range(_ request: RangeRequest) -> String {
        "range \(request.range) rev \(request.revision.map { "\($0)" } ?? "current") limit \(request.limit)"
            + (request.keysOnly ? " keysOnly" : "") + (request.countOnly ? " countOnly" : "")
    }

    static func rangeResponse(_ response: RangeResponse) -> String {
        "{rev \(response.revision) count \(response.count) more \(response.more) \(kvs(response.kvs))}"
    }

    static func operation(_ operation: SkiffStore.Operation) -> String {
        switch operation {
        case .range(let request): range(request)
        case .put(let put):
            "put \(bytes(put.key))=\(bytes(put.value)) lease \(put.lease)\(put.prevKV ? " prevKV" : "")"
        case .delete(let delete): "delete \(delete.range)\(delete.prevKV ? " prevKV" : "")"
        case .txn(let txn): "txn(\(self.txn(txn)))"
        }
    }

    static func compare(_ compare: Compare) -> String {
        let op: String
        switch compare.op {
        case .equal: op = "=="
        case .notEqual: op = "!="
        case .less: op = "<"
        case .greater: op = ">"
        }
        let target: String
        switch compare.target {
        case .version(let value): target = "version \(op) \(value)"
        case .createRevision(let value): target = "createRevision \(op) \(value)"
        case .modRevision(let value): target = "modRevision \(op) \(value)"
        case .value(let value): target = "value \(op) \(bytes(value))"
        case .lease(let value): target = "lease \(op) \(value)"
        }
        return "\(bytes(compare.key)).\(target)"
    }

    static func txn(_ request: TxnRequest) -> String {
        "if [\(request.compares.map(compare).joined(separator: " && "))] "
            + "then [\(request.success.map(operation).joined(separator: "; "))] "
            + "else [\(request.failure.map(operation).joined(separator: "; "))]"
    }

    static func operationResponse(_ response: OperationResponse) -> String {
        switch response {
        case .range(let range): "range\(rangeResponse(range))"
        case .put(let put): "put{rev \(put.revision) prev \(kv(put.prevKV))}"
        case .delete(let delete): "delete{rev \(delete.revision) deleted \(delete.deleted) prev \(kvs(delete.prevKVs))}"
        case .txn(let txn): "txn\(txnResponse(txn))"
        }
    }

    static func txnResponse(_ response: TxnResponse) -> String {
        "{rev \(response.revision) succeeded \(response.succeeded) "
            + "[\(response.responses.map(operationResponse).joined(separator: "; "))]}"
    }
}

// MARK: - The run

/// One model run: a store, the model, the generator, and the watches opened along the way.
final class ModelRun {
    typealias Key = [UInt8]

    /// A watch opened during the run, with what the model says it must deliver.
    struct OpenWatch {
        var name: String
        var stream: WatchStream
        var range: KeyRange
        var from: Revision
        var prevKV: Bool
        var log = WatchResponseLog()
    }

    let seed: UInt64
    let path: String
    private(set) var store: Store
    private var rng: SplitMix64
    private var model = ReferenceModel()
    /// The last operations, for failure messages.
    private var recent: [String] = []
    private var failures: [String] = []
    private var failed = false
    private var watches: [OpenWatch] = []
    private let directory: ScratchDirectory

    /// 40 keys under prefixes that nest and overlap: "/a" holds "/a/..." and "/ab/...".
    let keys: [Key] = {
        var names: [String] = []
        for index in 0..<16 { names.append("/a/\(String(format: "%02d", index))") }
        for index in 0..<12 { names.append("/b/\(String(format: "%02d", index))") }
        for index in 0..<6 { names.append("/ab/\(index)") }
        for index in 0..<6 { names.append("/c\(index)") }
        return names.map(k).sorted { $0.lexicographicallyPrecedes($1) }
    }()
    let prefixes: [Key] = ["/a/", "/b/", "/ab/", "/a", "/c", "/"].map(k)
    static let leaseTTL: Int64 = 3_600

    init(seed: UInt64, directory: ScratchDirectory) throws {
        self.seed = seed
        self.directory = directory
        self.rng = SplitMix64(seed: seed)
        self.path = directory.file("model.db")
        self.store = try Store.open(path: path, options: Self.options, logger: quietLogger)
    }

    static var options: StoreOptions {
        // A small ring, so that a watch from a little in the past replays from SQLite.
        scratchStoreOptions { $0.eventRingMaxEvents = 64 }
    }

    // MARK: Driving

    func execute() async {
        let count = ModelTests.operationCount
        do {
            try await openWatch("all", .all, from: 1, prevKV: true)
            try await openWatch("prefix /a", .prefix("/a"), from: 1, prevKV: true)
            try await openWatch("prefix /b/ without prevKV", .prefix("/b/"), from: 1, prevKV: false)
            var midwayStarted = false
            var leasesExpired = false
            for index in 0..<count {
                try await step()
                if !midwayStarted && index >= count / 3
                    && model.revision.rawValue - model.compactRevision.rawValue >= 20
                {
                    midwayStarted = true
                    try await startMidwayWatches()
                }
                if !leasesExpired && index >= count / 2 {
                    leasesExpired = true
                    try await expireOneLease()
                }
                if index % 97 == 0 { await spotCheckReads() }
                if store.currentRevision != model.revision {
                    fail("store revision \(store.currentRevision), model revision \(model.revision)")
                }
                if failed { return report("after operation #\(index)") }
            }
            if !midwayStarted { fail("the run never started its midway watches") }
            try await checkEveryRevision()
            if failed { return report("checking every revision") }
            try await checkWatches()
            if failed { return report("checking watches") }
            try await reopenAndContinue()
            if failed { return report("after reopening") }
        } catch {
            fail("unexpected error: \(error)")
            report("aborted")
        }
    }

    private func note(_ text: String) {
        recent.append("r\(model.revision): \(text)")
        if recent.count > 16 { recent.removeFirst() }
    }

    private func fail(_ message: String) {
        failed = true
        failures.append(message)
    }

    private func report(_ when: String) {
        Issue.record(
            Comment(
                rawValue: "model test seed \(hexSeed(seed)) failed \(when):\n  "
                    + failures.prefix(10).joined(separator: "\n  ") + "\nlast operations:\n  "
                    + recent.joined(separator: "\n  ")))
    }

    private func expect<T: Equatable>(
        _ what: String, _ actual: Result<T, StoreError>, _ expected: Result<T, ModelError>,
        _ show: (T) -> String
    ) {
        switch (actual, expected) {
        case (.success(let actual), .success(let expected)):
            if actual != expected { fail("\(what): store answered \(show(actual)), model expects \(show(expected))") }
        case (.failure(let actual), .failure(let expected)):
            if actual.code != expected.code {
                fail("\(what): store failed with \(actual), model expects \(expected.code)")
            }
        case (.success(let actual), .failure(let expected)):
            fail("\(what): store answered \(show(actual)), model expects error \(expected.code)")
        case (.failure(let actual), .success(let expected)):
            fail("\(what): store failed with \(actual), model expects \(show(expected))")
        }
    }

    private func step() async throws {
        let roll = rng.int(0...999)
        switch roll {
        case 0..<380: await put()
        case 380..<480: await delete(rng.chance(70) ? .key(randomKey()) : randomRange())
        case 480..<500: await delete(randomRange())
        case 500..<800: await txn()
        case 800..<860: await grant()
        case 860..<910: await revoke()
        case 910..<920: await keepAlive()
        case 920..<924: await compact(to: randomCompactTarget())
        case 924..<930: await compact(to: randomBadCompactTarget())
        default: await read(randomRangeRequest())
        }
    }

    // MARK: Operations

    private func put() async {
        let request = PutRequest(key: randomKey(), value: randomValue(), lease: randomLease(), prevKV: rng.chance(50))
        note(ModelText.operation(.put(request)))
        let expected = model.txn(TxnRequest(success: [.put(request)])).map { response -> PutResponse in
            guard case .put(let put) = response.responses.first else { preconditionFailure() }
            return put
        }
        let actual: Result<PutResponse, StoreError>
        do {
            actual = .success(
                try await store.put(request.key, request.value, lease: request.lease, prevKV: request.prevKV))
        } catch {
            actual = .failure(error)
        }
        expect("put", actual, expected) { ModelText.operationResponse(.put($0)) }
    }

    private func delete(_ range: KeyRange) async {
        let request = DeleteRequest(range, prevKV: rng.chance(50))
        note(ModelText.operation(.delete(request)))
        let expected = model.txn(TxnRequest(success: [.delete(request)])).map { response -> DeleteResponse in
            guard case .delete(let delete) = response.responses.first else { preconditionFailure() }
            return delete
        }
        let actual: Result<DeleteResponse, StoreError>
        do {
            actual = .success(try await store.delete(request.range, prevKV: request.prevKV))
        } catch {
            actual = .failure(error)
        }
        expect("delete", actual, expected) { ModelText.operationResponse(.delete($0)) }
    }

    private func txn() async {
        let request = randomTxn()
        note("txn " + ModelText.txn(request))
        let expected = model.txn(request)
        let actual: Result<TxnResponse, StoreError>
        do {
            actual = .success(try await store.txn(request))
        } catch {
            actual = .failure(error)
        }
        expect("txn", actual, expected, ModelText.txnResponse)
    }

    private func grant() async {
        var requested: LeaseID?
        if !model.leases.isEmpty && rng.chance(10) {
            // An id that is taken.
            requested = rng.pick(model.leases.sorted())
        } else if rng.chance(30) {
            var id: LeaseID
            repeat { id = LeaseID(Int64(rng.int(1_000...1_000_000))) } while model.leases.contains(id)
            requested = id
        }
        note("grant lease \(requested.map { "\($0)" } ?? "(any id)")")
        do {
            let grant = try await store.grantLease(ttlSeconds: Self.leaseTTL, id: requested)
            if let requested, model.leases.contains(requested) {
                fail("granting taken lease id \(requested) succeeded")
                return
            }
            if let requested, grant.id != requested { fail("asked for lease \(requested), got \(grant.id)") }
            if grant.id.rawValue <= 0 || model.leases.contains(grant.id) {
                fail("granted lease id \(grant.id) is not new (live leases \(model.leases.sorted()))")
                return
            }
            if grant.ttlSeconds != Self.leaseTTL { fail("granted TTL \(grant.ttlSeconds), asked \(Self.leaseTTL)") }
            model.grant(grant.id)
            note("granted lease \(grant.id)")
        } catch {
            if let requested, model.leases.contains(requested), error.code == .invalidArgument { return }
            fail("grant lease \(requested.map { "\($0)" } ?? "(any id)") failed: \(error)")
        }
    }

    private func revoke() async {
        let id = !model.leases.isEmpty && rng.chance(90) ? rng.pick(model.leases.sorted()) : LeaseID(999_999_999)
        let attached = model.leases.contains(id) ? model.keys(attachedTo: id).map(ModelText.bytes) : []
        note("revoke lease \(id) (model keys \(attached))")
        if model.leases.contains(id) {
            do {
                let status = try await store.leaseStatus(id)
                let expected = model.keys(attachedTo: id)
                if status.keys != expected {
                    fail(
                        "lease \(id) status keys \(status.keys.map(ModelText.bytes)), "
                            + "model \(expected.map(ModelText.bytes))")
                }
            } catch {
                fail("status of lease \(id) failed: \(error)")
            }
        }
        let expected = model.revoke(id)
        let actual: Result<Revision, StoreError>
        do {
            actual = .success(try await store.revokeLease(id))
        } catch {
            actual = .failure(error)
        }
        expect("revoke \(id)", actual, expected) { "revision \($0)" }
    }

    private func keepAlive() async {
        let id = !model.leases.isEmpty && rng.chance(80) ? rng.pick(model.leases.sorted()) : LeaseID(999_999_998)
        note("keep lease \(id) alive")
        let expected: Result<Int64, ModelError> =
            model.leases.contains(id) ? .success(Self.leaseTTL) : .failure(ModelError(.leaseNotFound))
        let actual: Result<Int64, StoreError>
        do {
            actual = .success(try await store.keepAlive(id))
        } catch {
            actual = .failure(error)
        }
        expect("keepAlive \(id)", actual, expected) { "ttl \($0)" }
    }

    private func compact(to target: Revision) async {
        note("compact to \(target)")
        let expected = model.compact(to: target).map { true }
        let actual: Result<Bool, StoreError>
        do {
            try await store.compact(to: target)
            actual = .success(true)
        } catch {
            actual = .failure(error)
        }
        expect("compact to \(target)", actual, expected) { _ in "done" }
        if store.compactRevision != model.compactRevision {
            fail("store compact revision \(store.compactRevision), model \(model.compactRevision)")
        }
    }

    private func read(_ request: RangeRequest) async {
        let expected = model.rangeResponse(request)
        let actual: Result<RangeResponse, StoreError>
        do {
            actual = .success(try await store.range(request))
        } catch {
            actual = .failure(error)
        }
        expect(ModelText.range(request), actual, expected, ModelText.rangeResponse)
    }

    // MARK: Random requests

    private func randomKey() -> Key { rng.pick(keys) }

    private func randomValue() -> [UInt8] {
        switch rng.int(0...9) {
        case 0: return []
        case 1...5: return rng.pick(["a", "b", "ab", "c", "zz"].map(k))
        case 6...8: return k("value-\(rng.int(0...999))")
        default: return (0..<rng.int(1...300)).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
    }

    /// A lease for a put: usually none, sometimes a live one, rarely one that does not exist.
    private func randomLease() -> LeaseID {
        if rng.chance(2) { return LeaseID(999_999_997) }
        if !model.leases.isEmpty && rng.chance(25) { return rng.pick(model.leases.sorted()) }
        return .none
    }

    /// A key range that is not everything (deletes refuse an unbounded range from the empty key).
    private func randomRange() -> KeyRange {
        switch rng.int(0...9) {
        case 0...3: return .key(randomKey())
        case 4...6: return .prefix(rng.pick(prefixes))
        case 7...8:
            var bounds = [randomKey(), randomKey()].sorted { $0.lexicographicallyPrecedes($1) }
            if rng.chance(20) { bounds.reverse() }  // sometimes empty
            return KeyRange(start: bounds[0], end: bounds[1])
        default:
            return KeyRange(start: rng.pick([k("/b/08"), k("/c"), k("/c3"), k("/zz")]), end: nil)
        }
    }

    private func randomReadRange() -> KeyRange { rng.chance(15) ? .all : randomRange() }

    /// A revision to read at: mostly inside the window, sometimes below it or past the current one
    /// (inside a transaction, past the current one is rarer: the transaction's own revision reads).
    private func randomReadRevision(inTxn: Bool = false) -> Revision? {
        let low = max(model.compactRevision.rawValue, 1)
        switch rng.int(0...9) {
        case 0...3: return nil
        case 4...7 where model.revision.rawValue >= low:
            return Revision(Int64(rng.int(Int(low)...Int(model.revision.rawValue))))
        case 8 where model.compactRevision.rawValue >= 2:
            return Revision(Int64(rng.int(1...Int(model.compactRevision.rawValue - 1))))
        case 9: return Revision(model.revision.rawValue + Int64(rng.int(1...(inTxn ? 2 : 3))))
        default: return nil
        }
    }

    private func randomRangeRequest() -> RangeRequest {
        RangeRequest(
            randomReadRange(), revision: randomReadRevision(), limit: rng.chance(30) ? rng.int(1...5) : 0,
            keysOnly: rng.chance(15), countOnly: rng.chance(10))
    }

    private func randomCompactTarget() -> Revision {
        guard model.revision > model.compactRevision else { return model.revision.next }
        let low = model.compactRevision.rawValue + 1
        let gap = model.revision.rawValue - model.compactRevision.rawValue
        // Half the time anywhere up to the current revision, else in the older half (a wider window).
        let high = rng.chance(50) ? model.revision.rawValue : low + max(0, gap / 2 - 1)
        return Revision(Int64(rng.int(Int(low)...Int(high))))
    }

    private func randomBadCompactTarget() -> Revision {
        switch rng.int(0...2) {
        case 0: Revision(Int64(rng.int(0...Int(model.compactRevision.rawValue))))
        case 1: model.revision.next
        default: Revision(model.revision.rawValue + Int64(rng.int(2...10)))
        }
    }

    private func randomCompare() -> Compare {
        let key = randomKey()
        let kv = model.live[key]
        let op = rng.pick([Compare.Operator.equal, .notEqual, .less, .greater])
        func near(_ value: Int64) -> Int64 { max(0, value + Int64(rng.int(-1...1))) }
        let target: Compare.Target
        switch rng.int(0...4) {
        case 0: target = .version(near(kv?.version ?? 0))
        case 1: target = .modRevision(Revision(near(kv?.modRevision.rawValue ?? 0)))
        case 2: target = .createRevision(Revision(near(kv?.createRevision.rawValue ?? 0)))
        case 3: target = .value(kv != nil && rng.chance(40) ? kv!.value : randomValue())
        default: target = .lease(kv != nil && rng.chance(50) ? kv!.lease : randomLease())
        }
        return Compare(key: key, op, target)
    }

    /// A branch that writes no key twice.
    private func randomBranch(_ count: Int) -> [SkiffStore.Operation] {
        var operations: [SkiffStore.Operation] = []
        var puts: [Key] = []
        var deletes: [KeyRange] = []
        for _ in 0..<count {
            switch rng.int(0...9) {
            case 0...4:
                let key = randomKey()
                if puts.contains(key) || deletes.contains(where: { $0.contains(key) }) { continue }
                puts.append(key)
                operations.append(
                    .put(PutRequest(key: key, value: randomValue(), lease: randomLease(), prevKV: rng.chance(50))))
            case 5...7:
                let range = randomRange()
                if puts.contains(where: { range.contains($0) }) { continue }
                deletes.append(range)
                operations.append(.delete(DeleteRequest(range, prevKV: rng.chance(50))))
            default:
                var request = RangeRequest(randomReadRange())
                if rng.chance(15) { request.revision = randomReadRevision(inTxn: true) }
                if rng.chance(20) { request.limit = rng.int(1...3) }
                if rng.chance(10) { request.keysOnly = true }
                if rng.chance(10) { request.countOnly = true }
                operations.append(.range(request))
            }
        }
        return operations
    }

    private func randomTxn() -> TxnRequest {
        var request = TxnRequest(
            compares: (0..<rng.int(0...3)).map { _ in randomCompare() }, success: randomBranch(rng.int(0...4)),
            failure: randomBranch(rng.int(0...3)))
        if rng.chance(4) {
            // A key written twice in one branch: the store must refuse the whole request.
            let key = randomKey()
            let duplicate: [SkiffStore.Operation] =
                rng.chance(50)
                ? [.put(PutRequest(key: key, value: k("x"))), .put(PutRequest(key: key, value: k("y")))]
                : [.put(PutRequest(key: key, value: k("x"))), .delete(DeleteRequest(.prefix(Array(key.prefix(2)))))]
            if rng.chance(50) { request.success = duplicate } else { request.failure = duplicate }
        }
        return request
    }

    // MARK: Checks

    /// A few reads at the current revision and inside the window.
    private func spotCheckReads() async {
        await read(RangeRequest(.all))
        await read(RangeRequest(.prefix("/a")))
        let low = max(model.compactRevision.rawValue, 1)
        guard model.revision.rawValue >= low else { return }
        for _ in 0..<3 {
            let revision = Revision(Int64(rng.int(Int(low)...Int(model.revision.rawValue))))
            await read(RangeRequest(.all, revision: revision))
        }
    }

    /// Every revision of the window reads as the model says; below it is compacted, above it is
    /// the future.
    private func checkEveryRevision() async throws {
        let low = max(model.compactRevision.rawValue, 1)
        guard model.revision.rawValue >= low else {
            fail("nothing left to read: revision \(model.revision), compacted \(model.compactRevision)")
            return
        }
        for raw in low...model.revision.rawValue {
            await read(RangeRequest(.all, revision: Revision(raw)))
            await read(RangeRequest(.prefix("/a"), revision: Revision(raw)))
            if failed { return }
        }
        for _ in 0..<20 where model.compactRevision.rawValue >= 2 {
            let below = Revision(Int64(rng.int(1...Int(model.compactRevision.rawValue - 1))))
            await read(RangeRequest(.all, revision: below))
        }
        if model.compactRevision.rawValue >= 2 {
            await read(RangeRequest(.all, revision: Revision(model.compactRevision.rawValue - 1)))
        }
        await read(RangeRequest(.all, revision: model.revision.next))
        print(
            "ModelTests seed \(hexSeed(seed)): checked revisions \(low)...\(model.revision) "
                + "(compacted \(model.compactRevision)), \(model.leases.count) leases live")
    }

    // MARK: Leases

    /// Grants a 1-second lease, attaches keys, lets it expire and has the store revoke it.
    private func expireOneLease() async throws {
        let grant = try await store.grantLease(ttlSeconds: 1)
        if model.leases.contains(grant.id) {
            fail("granted lease \(grant.id) is already live")
            return
        }
        model.grant(grant.id)
        note("granted 1-second lease \(grant.id)")
        for key in [keys[3], keys[20], keys[35]] {
            let request = PutRequest(key: key, value: k("expiring"), lease: grant.id)
            note(ModelText.operation(.put(request)))
            let expected = model.txn(TxnRequest(success: [.put(request)])).map(\.revision)
            let actual: Result<Revision, StoreError>
            do {
                actual = .success(try await store.put(key, request.value, lease: grant.id).revision)
            } catch {
                actual = .failure(error)
            }
            expect("put with 1-second lease", actual, expected) { "revision \($0)" }
        }
        try await Task.sleep(for: .milliseconds(1_100))
        note("expire leases (lease \(grant.id) is due)")
        let expired = await store.expireLeases()
        if expired != 1 { fail("expireLeases revoked \(expired) leases, expected 1 (lease \(grant.id))") }
        _ = model.revoke(grant.id)
        if await thrownStoreError({ _ = try await store.leaseStatus(grant.id) })?.code != .leaseNotFound {
            fail("expired lease \(grant.id) still has a status")
        }
    }

    // MARK: Watches

    private func openWatch(_ name: String, _ range: KeyRange, from: Revision, prevKV: Bool) async throws {
        let stream = try await store.watch(range, from: from, prevKV: prevKV)
        note("watch \(name) \(range) from \(from)")
        watches.append(OpenWatch(name: name, stream: stream, range: range, from: from, prevKV: prevKV))
    }

    /// One watch from far enough back that the ring no longer has it (SQLite replay), one the
    /// ring serves. The replayed one is caught up at once, so a later compaction cannot end it.
    private func startMidwayWatches() async throws {
        let from = Revision(max(model.compactRevision.rawValue + 1, model.revision.rawValue - 300))
        try await openWatch("midway all (replayed)", .all, from: from, prevKV: true)
        let replayed = watches[watches.count - 1]
        _ = try await collectWatch(replayed.stream, through: model.revision, into: replayed.log)
        let recent = Revision(max(model.compactRevision.rawValue + 1, model.revision.rawValue - 2))
        try await openWatch("midway prefix /a/ (ring)", .prefix("/a/"), from: recent, prevKV: false)
    }

    /// Every watch delivers exactly the model's events for its range, in whole revisions, and then a
    /// progress notification at the current revision (asked for until it comes).
    private func checkWatches() async throws {
        for watch in watches {
            let expected = model.events(in: watch.range, from: watch.from, prevKV: watch.prevKV)
            do {
                _ = try await collectWatchUntilProgress(watch.stream, atLeast: model.revision, into: watch.log)
            } catch {
                fail("watch \(watch.name): \(error)")
            }
            let responses = watch.log.responses
            if let last = responses.last, !last.isProgressNotification || last.revision != model.revision {
                fail(
                    "watch \(watch.name): expected to end with a progress notification at \(model.revision), "
                        + "got rev \(last.revision) with \(last.events.count) events")
            }
            var seen = Set<Revision>()
            var delivered = Revision.zero
            for response in responses {
                if response.isProgressNotification {
                    if response.revision < delivered {
                        fail("watch \(watch.name): progress at \(response.revision) after events up to \(delivered)")
                    }
                    continue
                }
                if response.revision != response.events.last!.revision {
                    fail("watch \(watch.name): response revision \(response.revision) is not its last event's")
                }
                let revisions = Set(response.events.map(\.revision))
                if !seen.isDisjoint(with: revisions) {
                    fail(
                        "watch \(watch.name): revisions \(seen.intersection(revisions).sorted()) split across responses"
                    )
                }
                seen.formUnion(revisions)
                delivered = response.revision
            }
            let actual = responses.flatMap(\.events)
            if actual != expected {
                let index =
                    actual.indices.first { $0 >= expected.count || actual[$0] != expected[$0] } ?? expected.count
                fail(
                    "watch \(watch.name) from \(watch.from): \(actual.count) events, model expects \(expected.count); "
                        + "first difference at #\(index): store "
                        + "\(index < actual.count ? ModelText.event(actual[index]) : "none"), model "
                        + "\(index < expected.count ? ModelText.event(expected[index]) : "none")")
            }
            if failed { return }
        }
        print("ModelTests seed \(hexSeed(seed)): \(watches.count) watches matched the model")
    }

    // MARK: Reopening

    /// Closes and reopens the store: revisions, data, window and leases survive; the ended watches
    /// ended with `closed`; a few more operations still agree with the model.
    private func reopenAndContinue() async throws {
        await store.close()
        for watch in watches {
            let error = await thrownStoreError {
                var iterator = watch.stream.makeAsyncIterator()
                while try await iterator.next() != nil {}
            }
            if error?.code != .closed {
                fail("watch \(watch.name) ended with \(error.map { "\($0)" } ?? "nil") on close, expected closed")
            }
        }
        watches = []
        store = try Store.open(path: path, options: Self.options, logger: quietLogger)
        note("reopened")
        if store.currentRevision != model.revision || store.compactRevision != model.compactRevision {
            fail(
                "reopened at revision \(store.currentRevision) compacted \(store.compactRevision), "
                    + "model \(model.revision) compacted \(model.compactRevision)")
        }
        await read(RangeRequest(.all))
        await read(RangeRequest(.all, revision: model.compactRevision))
        for lease in model.leases.sorted() {
            do {
                let status = try await store.leaseStatus(lease)
                if status.keys != model.keys(attachedTo: lease) {
                    fail("reopened lease \(lease) has keys \(status.keys.map(ModelText.bytes))")
                }
            } catch {
                fail("reopened lease \(lease): \(error)")
            }
        }
        for _ in 0..<200 {
            try await step()
            if failed { return }
        }
        await spotCheckReads()
    }
}
