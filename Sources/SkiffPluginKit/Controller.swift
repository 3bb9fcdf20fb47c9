import SkiffAPI

/// A controller written with the SDK: what it watches, and how it converges one key.
///
/// The host creates one instance (``init(context:configuration:)``), feeds events on the watched
/// resources into a work queue as keys, and calls ``reconcile(_:)`` for each key from a thread of
/// its own, never two calls at once unless ``concurrent`` is true. Reconcile reads current state
/// from ``ControllerContext``'s caches and writes through it; throwing retries the key with
/// back-off, throwing ``TerminalError`` does not retry.
///
/// ```swift
/// final class Echo: Controller {
///     static let name = "echo-controller"
///     static let watches: [Watch] = [.primary(ConfigMap.self)]
///     let context: ControllerContext
///     init(context: ControllerContext, configuration: JSONValue) { self.context = context }
///     func reconcile(_ key: ObjectKey) throws -> ReconcileResult {
///         guard let map = try context.cached(ConfigMap.self, key) else { return .done }
///         context.log(.info, "saw \(key) with \(map.data?.count ?? 0) keys")
///         return .done
///     }
/// }
/// @_cdecl("skiff_plugin_entry")
/// public func entry(_ major: UInt32, _ minor: UInt32) -> UnsafeRawPointer? { SkiffPlugin.export(Echo.self) }
/// ```
public protocol Controller: AnyObject {
    /// The plugin's unique name (lowercase letters, digits, `-`, `.`).
    static var name: String { get }
    /// The plugin's own version.
    static var version: String { get }
    /// One line for `skiff plugins list`.
    static var summary: String { get }
    /// The resources it watches and how their events become keys.
    static var watches: [Watch] { get }
    /// Workers wanted (only honoured with ``concurrent``).
    static var workers: Int { get }
    /// Whether ``reconcile(_:)`` may run on several threads at once (for different keys).
    static var concurrent: Bool { get }

    /// Creates the controller; throwing refuses to start (the host logs the message).
    init(context: ControllerContext, configuration: JSONValue) throws

    /// Converges one key.
    func reconcile(_ key: ObjectKey) throws -> ReconcileResult

    /// An event on a ``Watch/custom(_:)`` watch: enqueue keys with ``ControllerContext/enqueue(_:after:)``.
    func handle(event: WatchEventType, on watch: Int, object: JSONValue)

    /// Called once before the host lets go of the instance.
    func shutdown()
}

extension Controller {
    /// `0.1.0`.
    public static var version: String { "0.1.0" }
    /// Empty.
    public static var summary: String { "" }
    /// One.
    public static var workers: Int { 1 }
    /// False.
    public static var concurrent: Bool { false }
    /// Does nothing.
    public func handle(event: WatchEventType, on watch: Int, object: JSONValue) {}
    /// Does nothing.
    public func shutdown() {}
}

/// What a reconcile asks for next.
public enum ReconcileResult: Sendable, Equatable {
    /// Converged: nothing to do until the next event.
    case done
    /// Look at the key again after a delay (polling something that has no event).
    case requeue(after: Duration)
}

/// An error that retrying will not fix (an invalid spec): the host logs it and does not retry.
public struct TerminalError: Error, Sendable, CustomStringConvertible {
    /// Why.
    public var message: String

    /// An error.
    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}

/// The kind of event a custom watch delivers.
public enum WatchEventType: Int32, Sendable {
    /// Created (or first seen).
    case added = 1
    /// Changed.
    case modified = 2
    /// Deleted: the object's last state.
    case deleted = 3
}
