/// Which part of a container log to return, like the `tailLines` and `limitBytes` of `kubectl logs`.
public struct LogOptions: Sendable, Equatable {
    /// Return only the last this many lines; `nil` (or a negative value, as in kube's CRI) means all lines.
    public var tailLines: Int?
    /// Return at most this many bytes, the first ones of what `tailLines` selected; `nil` means no limit.
    /// Zero or negative values return nothing.
    public var limitBytes: Int?

    /// Creates options; the defaults return the whole log.
    public init(tailLines: Int? = nil, limitBytes: Int? = nil) {
        self.tailLines = tailLines
        self.limitBytes = limitBytes
    }
}
