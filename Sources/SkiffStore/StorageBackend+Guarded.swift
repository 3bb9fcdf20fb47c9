/// Guarded writes: the compare-and-swap shapes kube-apiserver's storage layer sends to etcd, with
/// their failures as ``StoreError/Code/notFound`` and ``StoreError/Code/conflict`` values.
extension StorageBackend {
    /// Creates `key` only if it does not exist (`If mod(key) == 0 Then Put Else Get`).
    ///
    /// - Returns: The revision the key was created at.
    /// - Throws: ``StoreError/Code/conflict`` with ``StoreError/currentKV`` when the key exists.
    @discardableResult
    public func create(_ key: [UInt8], _ value: [UInt8], lease: LeaseID = .none) async throws(StoreError)
        -> Revision
    {
        try await guarded(
            key, expected: .zero, write: .put(PutRequest(key: key, value: value, lease: lease)), action: "create")
    }

    /// Replaces `key`'s value only if its mod revision is still `expected`
    /// (`If mod(key) == expected Then Put Else Get`).
    ///
    /// - Returns: The revision of the update.
    /// - Throws: ``StoreError/Code/notFound`` when the key does not exist,
    ///   ``StoreError/Code/conflict`` with ``StoreError/currentKV`` when it changed since `expected`.
    @discardableResult
    public func update(
        _ key: [UInt8], _ value: [UInt8], ifModRevision expected: Revision, lease: LeaseID = .none
    ) async throws(StoreError) -> Revision {
        guard expected > .zero else {
            throw StoreError(.invalidArgument, "an update needs the mod revision it expects; use create for new keys")
        }
        return try await guarded(
            key, expected: expected, write: .put(PutRequest(key: key, value: value, lease: lease)), action: "update")
    }

    /// Deletes `key` only if its mod revision is still `expected`
    /// (`If mod(key) == expected Then Delete Else Get`).
    ///
    /// - Returns: The revision of the delete.
    /// - Throws: ``StoreError/Code/notFound`` when the key does not exist,
    ///   ``StoreError/Code/conflict`` with ``StoreError/currentKV`` when it changed since `expected`.
    @discardableResult
    public func delete(_ key: [UInt8], ifModRevision expected: Revision) async throws(StoreError) -> Revision {
        guard expected > .zero else {
            throw StoreError(.invalidArgument, "a guarded delete needs the mod revision it expects")
        }
        return try await guarded(key, expected: expected, write: .delete(DeleteRequest(.key(key))), action: "delete")
    }

    private func guarded(
        _ key: [UInt8], expected: Revision, write: Operation, action: String
    ) async throws(StoreError) -> Revision {
        let response = try await txn(
            TxnRequest(
                compares: [Compare(key: key, .equal, .modRevision(expected))], success: [write],
                failure: [.range(RangeRequest(.key(key)))]))
        if response.succeeded { return response.revision }
        let name = String(decoding: key, as: UTF8.self)
        guard case .range(let found) = response.responses.first, let current = found.kvs.first else {
            throw StoreError(.notFound, "cannot \(action) \(name): the key does not exist")
        }
        throw StoreError(
            .conflict,
            expected == .zero
                ? "cannot \(action) \(name): the key already exists (mod revision \(current.modRevision))"
                : "cannot \(action) \(name): expected mod revision \(expected), the key is at \(current.modRevision)",
            currentKV: current)
    }
}
