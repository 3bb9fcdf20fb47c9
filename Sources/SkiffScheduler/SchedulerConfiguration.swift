import Foundation
import SkiffAPI
import Yams

/// `kubescheduler.config.k8s.io/v1 KubeSchedulerConfiguration`, the parts Skiff serves: profiles
/// (which plugins run at which extension points, score weights, `schedulerName`, per-plugin
/// arguments) and `percentageOfNodesToScore`.
public struct SchedulerConfiguration: Sendable, Equatable {
    /// One profile: the pods whose `spec.schedulerName` is `schedulerName` are scheduled with it.
    public struct Profile: Sendable, Equatable {
        /// `default-scheduler` unless set.
        public var schedulerName: String
        /// Plugin lists per extension point (`multiPoint`, `filter`, `score`, ...).
        public var plugins: [String: PluginSet]
        /// Arguments by plugin name (`pluginConfig[].args`).
        public var pluginConfig: [String: JSONValue]
        /// Overrides the configuration's percentage for this profile.
        public var percentageOfNodesToScore: Int?

        /// A profile.
        public init(
            schedulerName: String = "default-scheduler", plugins: [String: PluginSet] = [:],
            pluginConfig: [String: JSONValue] = [:], percentageOfNodesToScore: Int? = nil
        ) {
            self.schedulerName = schedulerName
            self.plugins = plugins
            self.pluginConfig = pluginConfig
            self.percentageOfNodesToScore = percentageOfNodesToScore
        }
    }

    /// Enabled and disabled plugins of one extension point.
    public struct PluginSet: Sendable, Equatable {
        /// Enabled plugins, in order, with their score weights (nil: the default).
        public var enabled: [(name: String, weight: Int?)]
        /// Disabled plugin names; `*` disables every default plugin of the point.
        public var disabled: [String]

        /// A plugin set.
        public init(enabled: [(name: String, weight: Int?)] = [], disabled: [String] = []) {
            self.enabled = enabled
            self.disabled = disabled
        }

        public static func == (a: PluginSet, b: PluginSet) -> Bool {
            a.disabled == b.disabled && a.enabled.map(\.name) == b.enabled.map(\.name)
                && a.enabled.map(\.weight) == b.enabled.map(\.weight)
        }
    }

    /// The profiles; one `default-scheduler` profile of the default plugins when none is given.
    public var profiles: [Profile]
    /// How many of the feasible nodes to find before scoring, in percent of all nodes; 0 (the
    /// default) is kube's adaptive rule: 50% − nodes/125, at least 5%, at least 100 nodes.
    public var percentageOfNodesToScore: Int

    /// A configuration.
    public init(profiles: [Profile] = [Profile()], percentageOfNodesToScore: Int = 0) {
        self.profiles = profiles
        self.percentageOfNodesToScore = percentageOfNodesToScore
    }

    /// The extension points a profile's plugin lists may name.
    public static let points = [
        "preEnqueue", "queueSort", "preFilter", "filter", "postFilter", "preScore", "score", "reserve", "permit",
        "preBind", "bind", "postBind",
    ]

    /// Parses a configuration file (YAML or JSON).
    public static func parse(_ text: String) throws(SchedulerConfigurationError) -> SchedulerConfiguration {
        let value: JSONValue
        do {
            guard let loaded = try Yams.load(yaml: text) else { return SchedulerConfiguration() }
            value = try JSONValue(yamlObject: loaded)
        } catch let error as SchedulerConfigurationError {
            throw error
        } catch {
            throw SchedulerConfigurationError("the scheduler configuration is not YAML or JSON: \(error)")
        }
        return try parse(value)
    }

    /// Parses a configuration object.
    public static func parse(_ value: JSONValue) throws(SchedulerConfigurationError) -> SchedulerConfiguration {
        guard case .object(let root) = value else {
            throw SchedulerConfigurationError("the scheduler configuration must be an object")
        }
        if let kind = root["kind"]?.stringValue, kind != "KubeSchedulerConfiguration" {
            throw SchedulerConfigurationError("kind must be KubeSchedulerConfiguration, not \(kind)")
        }
        var configuration = SchedulerConfiguration(profiles: [])
        if let percentage = root["percentageOfNodesToScore"] {
            guard let number = percentage.intValue, (0...100).contains(number) else {
                throw SchedulerConfigurationError("percentageOfNodesToScore must be an integer from 0 to 100")
            }
            configuration.percentageOfNodesToScore = Int(number)
        }
        let profiles = root["profiles"]?.arrayValue ?? []
        for (index, entry) in profiles.enumerated() {
            configuration.profiles.append(try profile(entry, at: "profiles[\(index)]"))
        }
        if configuration.profiles.isEmpty { configuration.profiles = [Profile()] }
        let names = configuration.profiles.map(\.schedulerName)
        if Set(names).count != names.count {
            throw SchedulerConfigurationError("profiles: schedulerName values must be unique: \(names)")
        }
        return configuration
    }

    private static func profile(_ value: JSONValue, at path: String) throws(SchedulerConfigurationError) -> Profile {
        var profile = Profile()
        if let name = value["schedulerName"]?.stringValue, !name.isEmpty { profile.schedulerName = name }
        if let percentage = value["percentageOfNodesToScore"] {
            guard let number = percentage.intValue, (0...100).contains(number) else {
                throw SchedulerConfigurationError("\(path).percentageOfNodesToScore must be from 0 to 100")
            }
            profile.percentageOfNodesToScore = Int(number)
        }
        for (point, entry) in value["plugins"]?.objectValue ?? [:] {
            guard point == "multiPoint" || points.contains(point) else {
                throw SchedulerConfigurationError("\(path).plugins: unknown extension point \(point)")
            }
            var set = PluginSet()
            for plugin in entry["enabled"]?.arrayValue ?? [] {
                guard let name = plugin["name"]?.stringValue, !name.isEmpty else {
                    throw SchedulerConfigurationError("\(path).plugins.\(point).enabled: every plugin needs a name")
                }
                let weight = plugin["weight"]?.intValue.map(Int.init)
                if let weight, !(0...100).contains(weight) {
                    throw SchedulerConfigurationError("\(path).plugins.\(point): weight of \(name) must be 0...100")
                }
                set.enabled.append((name, weight))
            }
            set.disabled = (entry["disabled"]?.arrayValue ?? []).compactMap { $0["name"]?.stringValue }
            profile.plugins[point] = set
        }
        for entry in value["pluginConfig"]?.arrayValue ?? [] {
            guard let name = entry["name"]?.stringValue else {
                throw SchedulerConfigurationError("\(path).pluginConfig: every entry needs a name")
            }
            profile.pluginConfig[name] = entry["args"] ?? .emptyObject
        }
        return profile
    }
}

/// A scheduler configuration that cannot be used.
public struct SchedulerConfigurationError: Error, Sendable, CustomStringConvertible {
    /// What is wrong, naming the field.
    public var message: String

    /// An error.
    public init(_ message: String) { self.message = message }

    public var description: String { message }
}

extension JSONValue {
    /// A JSON value from what Yams loads (dictionaries, arrays, strings, numbers, booleans, null).
    init(yamlObject: Any) throws(SchedulerConfigurationError) {
        switch yamlObject {
        case let value as String: self = .string(value)
        case let value as Bool: self = .bool(value)
        case let value as Int: self = .int(Int64(value))
        case let value as Double: self = .double(value)
        case let value as [Any]:
            var items: [JSONValue] = []
            for item in value { items.append(try JSONValue(yamlObject: item)) }
            self = .array(items)
        case let value as [AnyHashable: Any]:
            var members: [String: JSONValue] = [:]
            for (key, item) in value {
                guard let name = key.base as? String else {
                    throw SchedulerConfigurationError("object keys must be strings, not \(key)")
                }
                members[name] = try JSONValue(yamlObject: item)
            }
            self = .object(members)
        case is NSNull: self = .null
        default:
            throw SchedulerConfigurationError("unsupported value \(yamlObject)")
        }
    }
}
