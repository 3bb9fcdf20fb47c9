/// Applying transactions on the writer connection.
extension StoreWriter {
    /// A key's latest row, as the writer sees it inside its transaction.
    struct CurrentRow {
        /// The latest log row of the key: its live value or its tombstone.
        var rowID: Int64
        /// The key-value, nil when the latest row is a tombstone (the key does not exist).
        var live: KeyValue?
    }

    /// Reads a key's latest row (with value) inside the transaction; nil when the log has no row
    /// for it.
    func currentRow(_ key: [UInt8]) throws(StoreError) -> CurrentRow? {
        let statement = try db.prepare(
            """
            SELECT \(LogReader.kvColumns), l.value, c.deleted FROM kv_current c JOIN kv_log l ON l.id = c.id
            WHERE c.key = ?1
            """)
        defer { statement.reset() }
        statement.bind(1, key)
        guard try statement.step() else { return nil }
        let live = statement.int64(6) == 0 ? LogReader.keyValue(statement, valueColumn: 5) : nil
        return CurrentRow(rowID: statement.int64(2), live: live)
    }

    /// Applies one transaction at the next revision. Throws ``StoreError/Code/invalidArgument`` or
    /// ``StoreError/Code/leaseNotFound`` before writing anything, and ``StoreError/Code/compacted``
    /// or ``StoreError/Code/futureRevision`` for a range outside the window (the caller rolls the
    /// request back); any other error aborts the batch.
    func apply(_ request: TxnRequest, _ context: inout BatchContext) throws(StoreError) -> TxnResponse {
        let next = context.revision.next
        var sub: Int64 = 0
        var events: [WatchEvent] = []
        let (succeeded, responses) = try applyTxn(request, at: next, sub: &sub, events: &events, &context)
        if sub > 0 {
            context.revision = next
            context.events.append(RevisionEvents(revision: next, events: events))
        }
        return TxnResponse(revision: context.revision, succeeded: succeeded, responses: responses)
    }

    private func applyTxn(
        _ request: TxnRequest, at revision: Revision, sub: inout Int64, events: inout [WatchEvent],
        _ context: inout BatchContext
    ) throws(StoreError) -> (Bool, [OperationResponse]) {
        var succeeded = true
        for compare in request.compares where try !evaluate(compare, current: context.revision) {
            succeeded = false
            break
        }
        let operations = succeeded ? request.success : request.failure
        try checkLeases(operations)
        var responses: [OperationResponse] = []
        responses.reserveCapacity(operations.count)
        for operation in operations {
            switch operation {
            case .range(let range):
                let current = sub > 0 ? revision : context.revision
                let compacted = compactRevision
                responses.append(.range(try LogReader.range(db, range, current: current, compacted: compacted)))
            case .put(let put):
                responses.append(.put(try applyPut(put, at: revision, sub: &sub, events: &events, &context)))
            case .delete(let delete):
                responses.append(
                    .delete(try applyDelete(delete, at: revision, sub: &sub, events: &events, &context)))
            case .txn(let nested):
                let (nestedSucceeded, nestedResponses) = try applyTxn(
                    nested, at: revision, sub: &sub, events: &events, &context)
                responses.append(
                    .txn(
                        TxnResponse(
                            revision: sub > 0 ? revision : context.revision, succeeded: nestedSucceeded,
                            responses: nestedResponses)))
            }
        }
        return (succeeded, responses)
    }

    private func evaluate(_ compare: Compare, current: Revision) throws(StoreError) -> Bool {
        guard compare.rangeEnd != nil else { return evaluate(compare, against: try currentRow(compare.key)?.live) }
        let found = try LogReader.range(db, RangeRequest(compare.range), current: current, compacted: .zero)
        guard !found.kvs.isEmpty else { return evaluate(compare, against: nil) }
        return found.kvs.allSatisfy { evaluate(compare, against: $0) }
    }

    /// Whether `compare` holds for `row`, the live key-value compared (nil: the key does not exist).
    private func evaluate(_ compare: Compare, against row: KeyValue?) -> Bool {
        func holds<T: Comparable>(_ stored: T, _ target: T) -> Bool {
            switch compare.op {
            case .equal: return stored == target
            case .notEqual: return stored != target
            case .less: return stored < target
            case .greater: return stored > target
            }
        }
        switch compare.target {
        case .version(let target): return holds(row?.version ?? 0, target)
        case .createRevision(let target): return holds(row?.createRevision ?? .zero, target)
        case .modRevision(let target): return holds(row?.modRevision ?? .zero, target)
        case .lease(let target): return holds(row?.lease ?? .none, target)
        case .value(let target):
            guard let row else { return false }
            switch compare.op {
            case .equal: return row.value == target
            case .notEqual: return row.value != target
            case .less: return row.value.lexicographicallyPrecedes(target)
            case .greater: return target.lexicographicallyPrecedes(row.value)
            }
        }
    }

    /// Fails with ``StoreError/Code/leaseNotFound`` when a put names a lease that does not exist.
    private func checkLeases(_ operations: [Operation]) throws(StoreError) {
        for operation in operations {
            switch operation {
            case .put(let put) where put.lease != .none && !lessor.contains(put.lease):
                throw StoreError(.leaseNotFound, "lease \(put.lease) not found")
            case .txn(let nested):
                try checkLeases(nested.success)
                try checkLeases(nested.failure)
            default: continue
            }
        }
    }

    private func applyPut(
        _ put: PutRequest, at revision: Revision, sub: inout Int64, events: inout [WatchEvent],
        _ context: inout BatchContext
    ) throws(StoreError) -> PutResponse {
        let latest = try currentRow(put.key)
        let previous = latest?.live
        var put = put
        if put.ignoreValue || put.ignoreLease {
            guard let previous else {
                throw StoreError(.invalidArgument, "key not found: \(String(decoding: put.key, as: UTF8.self))")
            }
            if put.ignoreValue { put.value = previous.value }
            if put.ignoreLease { put.lease = previous.lease }
        }
        let rowID = LogPosition(revision: revision, sub: sub).rowID
        sub += 1
        let kv = KeyValue(
            key: put.key, value: put.value, createRevision: previous?.createRevision ?? revision,
            modRevision: revision, version: (previous?.version ?? 0) + 1, lease: put.lease)
        let insert = try db.prepare(
            """
            INSERT INTO kv_log (id, key, create_rev, version, lease, deleted, prev_id, commit_ns, value)
            VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8)
            """)
        insert.bind(1, rowID)
        insert.bind(2, put.key)
        insert.bind(3, kv.createRevision.rawValue)
        insert.bind(4, kv.version)
        insert.bind(5, put.lease.rawValue)
        insert.bind(6, latest?.rowID ?? 0)
        insert.bind(7, context.commitNs)
        insert.bind(8, put.value)
        try insert.run()
        let current = try db.prepare(
            """
            INSERT INTO kv_current (key, id, deleted) VALUES (?1, ?2, 0)
            ON CONFLICT (key) DO UPDATE SET id = excluded.id, deleted = 0
            """)
        current.bind(1, put.key)
        current.bind(2, rowID)
        try current.run()
        let previousLease = previous?.lease ?? .none
        if previousLease != put.lease {
            if previousLease != .none { context.leaseChanges.append(.detach(previousLease, put.key)) }
            if put.lease != .none { context.leaseChanges.append(.attach(put.lease, put.key)) }
        }
        events.append(WatchEvent(kind: .put, kv: kv, prevKV: previous))
        return PutResponse(revision: revision, prevKV: put.prevKV ? previous : nil)
    }

    private func applyDelete(
        _ delete: DeleteRequest, at revision: Revision, sub: inout Int64, events: inout [WatchEvent],
        _ context: inout BatchContext
    ) throws(StoreError) -> DeleteResponse {
        let current = sub > 0 ? revision : context.revision
        let found = try LogReader.range(
            db, RangeRequest(delete.range), current: max(current, Revision(1)), compacted: .zero)
        if found.kvs.isEmpty {
            return DeleteResponse(revision: current, deleted: 0, prevKVs: [])
        }
        if Int(sub) + found.kvs.count > LogPosition.maxChangesPerRevision {
            throw StoreError(
                .invalidArgument,
                "one transaction may change at most \(LogPosition.maxChangesPerRevision) keys; "
                    + "this delete covers \(found.kvs.count)")
        }
        let tombstone = try db.prepare(
            """
            INSERT INTO kv_log (id, key, create_rev, version, lease, deleted, prev_id, commit_ns, value)
            VALUES (?1, ?2, 0, 0, 0, 1, (SELECT id FROM kv_current WHERE key = ?2), ?3, x'')
            """)
        let remove = try db.prepare("UPDATE kv_current SET id = ?2, deleted = 1 WHERE key = ?1")
        for kv in found.kvs {
            let rowID = LogPosition(revision: revision, sub: sub).rowID
            tombstone.bind(1, rowID)
            tombstone.bind(2, kv.key)
            tombstone.bind(3, context.commitNs)
            try tombstone.run()
            sub += 1
            remove.bind(1, kv.key)
            remove.bind(2, rowID)
            try remove.run()
            if kv.lease != .none { context.leaseChanges.append(.detach(kv.lease, kv.key)) }
            let deleted = KeyValue(key: kv.key, value: [], createRevision: .zero, modRevision: revision, version: 0)
            events.append(WatchEvent(kind: .delete, kv: deleted, prevKV: kv))
        }
        return DeleteResponse(
            revision: revision, deleted: found.kvs.count, prevKVs: delete.prevKV ? found.kvs : [])
    }
}
