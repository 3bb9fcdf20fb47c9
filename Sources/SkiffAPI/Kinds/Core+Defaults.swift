// kube-apiserver's defaults for the smaller core/v1 kinds, and the empty defaulting of kinds that
// have none (so every kind can be used with `KindStrategy.typed`).

extension Namespace: Defaulting {
    /// The `kubernetes.io/metadata.name` label; for a namespace as clients create it (no
    /// `status.phase` yet) the `kubernetes` finalizer when `spec.finalizers` is absent; and
    /// `status.phase: Active`.
    ///
    /// kube-apiserver adds the finalizer in its create strategy, not on update: the namespace
    /// controller removes it when the namespace's content is gone. Keying on the missing phase
    /// keeps an update without finalizers from getting it back.
    public mutating func applyDefaults() {
        if let name = metadata.name, !name.isEmpty {
            var labels = metadata.labels ?? [:]
            labels["kubernetes.io/metadata.name"] = name
            metadata.labels = labels
        }
        if status?.phase?.isEmpty ?? true {
            if spec?.finalizers == nil {
                var spec = self.spec ?? NamespaceSpec()
                spec.finalizers = ["kubernetes"]
                self.spec = spec
            }
            var status = self.status ?? NamespaceStatus()
            status.phase = "Active"
            self.status = status
        }
    }
}

extension Secret: Defaulting {
    /// `type: Opaque`.
    public mutating func applyDefaults() {
        if type?.isEmpty ?? true { type = "Opaque" }
    }
}

extension Node: Defaulting {
    /// `status.allocatable` defaults to `status.capacity`.
    public mutating func applyDefaults() {
        if status?.allocatable == nil, let capacity = status?.capacity { status?.allocatable = capacity }
    }
}

extension ConfigMap: Defaulting {
    /// None.
    public mutating func applyDefaults() {}
}

extension ServiceAccount: Defaulting {
    /// None.
    public mutating func applyDefaults() {}
}

extension Event: Defaulting {
    /// None.
    public mutating func applyDefaults() {}
}

extension Binding: Defaulting {
    /// None.
    public mutating func applyDefaults() {}
}

extension Lease: Defaulting {
    /// None.
    public mutating func applyDefaults() {}
}

extension Scale: Defaulting {
    /// None.
    public mutating func applyDefaults() {}
}
