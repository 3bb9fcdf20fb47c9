/// Reads and writes.
extension Store {
    /// Reads a key range at the current revision or at a past one inside the history window.
    public func range(_ request: RangeRequest) async throws(StoreError) -> RangeResponse {
        try await readers.read { db throws(StoreError) in
            try LogReader.range(
                db, request, current: try LogReader.currentRevision(db), compacted: try LogReader.compactRevision(db))
        }
    }

    /// Sets a key's value, returning the revision it was written at.
    @discardableResult
    public func put(
        _ key: [UInt8], _ value: [UInt8], lease: LeaseID = .none, prevKV: Bool = false
    ) async throws(StoreError) -> PutResponse {
        let response = try await txn(
            TxnRequest(success: [.put(PutRequest(key: key, value: value, lease: lease, prevKV: prevKV))]))
        guard case .put(let put) = response.responses.first else {
            preconditionFailure("a put transaction answered \(response)")
        }
        return put
    }

    /// Deletes a key or a range of keys.
    @discardableResult
    public func delete(_ range: KeyRange, prevKV: Bool = false) async throws(StoreError) -> DeleteResponse {
        let response = try await txn(TxnRequest(success: [.delete(DeleteRequest(range, prevKV: prevKV))]))
        guard case .delete(let delete) = response.responses.first else {
            preconditionFailure("a delete transaction answered \(response)")
        }
        return delete
    }

    /// Runs a transaction atomically. Its writes share one revision; the response is sent once the
    /// commit is durable.
    public func txn(_ request: TxnRequest) async throws(StoreError) -> TxnResponse {
        try TxnValidator.validate(request, maxValueBytes: options.maxValueBytes)
        do {
            return try await writer.submit(request)
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError(.sqlite, "\(error)")
        }
    }
}

/// Checks a transaction's shape before it reaches the writer: non-empty keys, value sizes, and no
/// key written twice in one branch (etcd's "duplicate key given in txn request").
enum TxnValidator {
    static func validate(_ request: TxnRequest, maxValueBytes: Int) throws(StoreError) {
        for compare in request.compares where compare.key.isEmpty {
            throw StoreError(.invalidArgument, "a compare needs a key")
        }
        try validate(branch: request.success, maxValueBytes: maxValueBytes)
        try validate(branch: request.failure, maxValueBytes: maxValueBytes)
    }

    private static func validate(branch: [Operation], maxValueBytes: Int) throws(StoreError) {
        var puts: Set<[UInt8]> = []
        var deletes: [KeyRange] = []
        try collect(branch, puts: &puts, deletes: &deletes, maxValueBytes: maxValueBytes)
        for range in deletes {
            for key in puts where range.contains(key) {
                throw StoreError(
                    .invalidArgument,
                    "duplicate key given in txn request: \(String(decoding: key, as: UTF8.self)) is put and deleted")
            }
        }
    }

    private static func collect(
        _ operations: [Operation], puts: inout Set<[UInt8]>, deletes: inout [KeyRange], maxValueBytes: Int
    ) throws(StoreError) {
        for operation in operations {
            switch operation {
            case .range:
                continue
            case .put(let put):
                guard !put.key.isEmpty else { throw StoreError(.invalidArgument, "a put needs a key") }
                guard !put.ignoreValue || put.value.isEmpty else {
                    throw StoreError(.invalidArgument, "value is provided with ignoreValue")
                }
                guard !put.ignoreLease || put.lease == .none else {
                    throw StoreError(.invalidArgument, "lease is provided with ignoreLease")
                }
                guard put.value.count <= maxValueBytes else {
                    throw StoreError(
                        .invalidArgument,
                        "value of \(put.value.count) bytes is over the limit of \(maxValueBytes) bytes")
                }
                guard puts.insert(put.key).inserted else {
                    throw StoreError(
                        .invalidArgument,
                        "duplicate key given in txn request: \(String(decoding: put.key, as: UTF8.self))")
                }
            case .delete(let delete):
                guard !delete.range.start.isEmpty || delete.range.end != nil else {
                    throw StoreError(.invalidArgument, "a delete needs a key or a bounded range")
                }
                deletes.append(delete.range)
            case .txn(let nested):
                // A nested transaction runs one of its branches; either may clash with the outer one.
                var successPuts = puts
                var successDeletes = deletes
                try collect(nested.success, puts: &successPuts, deletes: &successDeletes, maxValueBytes: maxValueBytes)
                var failurePuts = puts
                var failureDeletes = deletes
                try collect(nested.failure, puts: &failurePuts, deletes: &failureDeletes, maxValueBytes: maxValueBytes)
                puts = successPuts.union(failurePuts)
                deletes = successDeletes + failureDeletes
            }
        }
    }
}
