import Foundation

/// kubelet's crash-loop back-off for one container of one pod: the first restart is immediate,
/// then the agent waits 10 s, doubling to a 300 s cap (`MaxContainerBackOff`). A container that
/// ran for ten minutes before it ended starts the sequence again.
public struct RestartBackoff: Sendable, Hashable {
    /// The first wait after the immediate restart.
    public static let initial: Duration = .seconds(10)
    /// The longest wait.
    public static let maximum: Duration = .seconds(300)
    /// How long a container must run for its back-off to reset.
    public static let resetAfter: Duration = .seconds(600)

    /// The exit (a record id, or a start failure's token) this entry decided about.
    public var exit: String
    /// How long after that exit the container may start again.
    public var wait: Duration
    /// The wait for the next exit.
    public var next: Duration

    /// The entry after `exit` (which ran for `ran`), given the previous entry.
    public static func after(exit: String, ran: Duration, previous: RestartBackoff?) -> RestartBackoff {
        guard let previous, ran < resetAfter else {
            return RestartBackoff(exit: exit, wait: .zero, next: initial)
        }
        if previous.exit == exit { return previous }
        let doubled = previous.next * 2
        return RestartBackoff(exit: exit, wait: previous.next, next: doubled > maximum ? maximum : doubled)
    }
}
