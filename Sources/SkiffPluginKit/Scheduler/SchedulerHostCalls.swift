/// What a scheduler plugin set may ask of the host, as closures (the SDK fills them with the host
/// table's callbacks; tests with fakes). Each blocks until the server answered.
public struct SchedulerHostCalls: Sendable {
    /// POST pods/NAME/binding; nil on success, the error message otherwise.
    public var bind: @Sendable (_ namespace: String, _ name: String, _ uid: String, _ node: String) -> String?
    /// Deletes a preemption victim (its uid as precondition); nil on success.
    public var evict: @Sendable (_ namespace: String, _ name: String, _ uid: String) -> String?
    /// Sets `status.nominatedNodeName` of a pod (empty clears it); nil on success.
    public var nominate: @Sendable (_ namespace: String, _ name: String, _ node: String) -> String?

    /// Host calls from closures.
    public init(
        bind: @escaping @Sendable (_ namespace: String, _ name: String, _ uid: String, _ node: String) -> String?,
        evict: @escaping @Sendable (_ namespace: String, _ name: String, _ uid: String) -> String?,
        nominate: @escaping @Sendable (_ namespace: String, _ name: String, _ node: String) -> String?
    ) {
        self.bind = bind
        self.evict = evict
        self.nominate = nominate
    }
}
