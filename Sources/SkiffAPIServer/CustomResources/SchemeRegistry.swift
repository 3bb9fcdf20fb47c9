import SkiffAPI
import Synchronization

/// The resources served right now: the built-in kinds plus the custom resources whose definitions
/// are established. Every request reads the scheme once; definitions change it.
final class SchemeRegistry: Sendable {
    private let scheme: Mutex<Scheme>

    /// A registry starting from `scheme`.
    init(_ scheme: Scheme) { self.scheme = Mutex(scheme) }

    /// The scheme as it is now (a copy: it does not change under the caller).
    var current: Scheme { scheme.withLock { $0 } }

    /// Changes the scheme.
    func update<T>(_ body: (inout Scheme) -> T) -> T { scheme.withLock { body(&$0) } }
}
