import SkiffPluginABI

/// What the host does after a reconcile, decided from the plugin's result alone.
enum ReconcileOutcome: Equatable {
    /// Done: forget the key's failures.
    case success
    /// Done for now; look again after the delay.
    case requeue(after: Duration)
    /// Failed: retry with the key's back-off.
    case retry(status: Int32, message: String)
    /// Failed; do not retry.
    case terminal(status: Int32, message: String)

    init(_ result: skiff_reconcile_result) {
        if result.status == skiff_status(SKIFF_OK) {
            self = result.requeue_after_ns > 0 ? .requeue(after: .nanoseconds(result.requeue_after_ns)) : .success
            return
        }
        let message = withUnsafeBytes(of: result.message) { raw -> String in
            let bytes = raw.prefix(while: { $0 != 0 })
            return String(decoding: bytes, as: UTF8.self)
        }
        self =
            result.terminal != 0
            ? .terminal(status: result.status, message: message)
            : .retry(status: result.status, message: message)
    }

    /// The metrics label.
    var label: String {
        switch self {
        case .success: "success"
        case .requeue: "requeue"
        case .retry: "error"
        case .terminal: "terminal"
        }
    }
}
