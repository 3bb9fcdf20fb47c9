extension String {
    /// The string cut to at most `width` characters, its last kept character replaced by `…` when
    /// it was cut; empty for a width below one.
    func truncated(to width: Int) -> String {
        guard count > width else { return self }
        guard width > 1 else { return width == 1 ? "…" : "" }
        return String(prefix(width - 1)) + "…"
    }
}
