/// Why a plugin file was refused. The message names the file.
public struct PluginLoadError: Error, Sendable, CustomStringConvertible {
    /// What went wrong.
    public enum Code: String, Sendable {
        /// `dlopen` failed (not a shared object, missing dependency, wrong architecture).
        case openFailed = "OpenFailed"
        /// The file does not export `skiff_plugin_entry`.
        case missingEntry = "MissingEntry"
        /// The plugin returned no descriptor for this host's ABI version.
        case noDescriptor = "NoDescriptor"
        /// The plugin was built for an ABI major version this host does not serve.
        case abiVersion = "ABIVersion"
        /// The descriptor is malformed (too small, missing function, bad name).
        case badDescriptor = "BadDescriptor"
        /// Another loaded plugin has the same name.
        case duplicateName = "DuplicateName"
        /// The plugin's init returned an error.
        case initFailed = "InitFailed"
        /// A resource the plugin watches is not served.
        case unknownResource = "UnknownResource"
    }

    /// The code.
    public var code: Code
    /// The plugin file.
    public var path: String
    /// The reason.
    public var message: String

    /// An error.
    public init(_ code: Code, path: String, _ message: String) {
        self.code = code
        self.path = path
        self.message = message
    }

    public var description: String { "plugin \(path): \(message)" }
}
