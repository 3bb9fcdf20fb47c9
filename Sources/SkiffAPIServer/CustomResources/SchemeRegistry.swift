import SkiffAPI
import Synchronization

/// The resources served right now: the built-in kinds plus the custom resources whose definitions
/// are established. Every request reads the scheme once; definitions change it.
final class SchemeRegistry: Sendable {
    private let state: Mutex<(scheme: Scheme, generation: Int)>

    /// A registry starting from `scheme`.
    init(_ scheme: Scheme) { self.state = Mutex((scheme, 0)) }

    /// The scheme as it is now (a copy: it does not change under the caller).
    var current: Scheme { state.withLock { $0.scheme } }

    /// The scheme and how many times it has changed (what derived documents are keyed by).
    var versioned: (scheme: Scheme, generation: Int) { state.withLock { $0 } }

    /// Changes the scheme.
    func update<T>(_ body: (inout Scheme) -> T) -> T {
        state.withLock { state in
            state.generation += 1
            return body(&state.scheme)
        }
    }
}
