/// The result of a network probe, with kubelet-like output.
public enum ProbeOutcome: Sendable, Equatable {
    /// The probe passed; the string is its output (the response body for HTTP probes, empty for TCP).
    case success(String)
    /// The probe failed; the string says why, worded like kubelet's Go HTTP client and dialer.
    case failure(String)
}
