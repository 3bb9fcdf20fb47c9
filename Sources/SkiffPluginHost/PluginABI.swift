import SkiffPluginABI

/// The ABI version this host serves and the constants the C header spells as macros Swift does
/// not import.
public enum PluginABI {
    /// The major version served: plugins built for another major are refused.
    public static let major = UInt32(SKIFF_ABI_MAJOR)
    /// The minor version: additive changes up to this one are known.
    public static let minor = UInt32(SKIFF_ABI_MINOR)
    /// The entry symbol.
    public static let entrySymbol = "skiff_plugin_entry"
    /// `SKIFF_CAP_CONCURRENT`.
    public static let capabilityConcurrent: UInt64 = 1 << 0
    /// `SKIFF_WRITE_STATUS`.
    public static let writeStatus: UInt32 = 1 << 0
    /// `SKIFF_WRITE_FINALIZE` (ABI 1.1).
    public static let writeFinalize: UInt32 = 1 << 1
    /// `"1.0"`.
    public static var version: String { "\(major).\(minor)" }
}
