import SkiffPluginABI

/// A plugin whose file was opened and whose descriptor passed the handshake.
public struct LoadedPlugin: Sendable {
    /// The kinds of plugins.
    public enum Kind: String, Sendable {
        /// Reconciles keys from informer events.
        case controller
        /// A scheduler plugin set.
        case scheduler
        /// A node runtime.
        case nodeRuntime = "node-runtime"
    }

    /// The file it came from.
    public let path: String
    /// Its unique name.
    public let name: String
    /// Its own version.
    public let version: String
    /// One line about it.
    public let summary: String
    /// What it is.
    public let kind: Kind
    /// The ABI it was built against.
    public let abiMajor: UInt32
    /// The ABI minor version it was built against.
    public let abiMinor: UInt32
    /// SKIFF_CAP_* bits.
    public let capabilities: UInt64
    /// The descriptor (static storage in the plugin, which is never unloaded).
    let descriptor: DescriptorPointer

    /// Whether the plugin may be called from several threads at once.
    public var isConcurrent: Bool { capabilities & PluginABI.capabilityConcurrent != 0 }

    /// `1.0`.
    public var abiVersion: String { "\(abiMajor).\(abiMinor)" }
}

/// A pointer into a plugin's static data: immutable and never freed, so it may cross threads.
struct DescriptorPointer: @unchecked Sendable {
    let pointer: UnsafePointer<skiff_plugin>
}
