import SkiffAPI
import SkiffPluginKit

/// Amounts of compute resources as integers: milli-CPU, bytes of memory and ephemeral storage, and
/// the scalar resources (extended resources, hugepages) by name.
struct ResourceAmounts: Sendable, Equatable {
    var milliCPU: Int64 = 0
    var memory: Int64 = 0
    var ephemeralStorage: Int64 = 0
    var scalars: [String: Int64] = [:]

    static let cpu = "cpu"
    static let memoryName = "memory"
    static let ephemeralStorageName = "ephemeral-storage"
    static let podsName = "pods"

    /// Whether `name` is a scalar resource here (not cpu, memory, ephemeral-storage, pods or storage).
    static func isScalar(_ name: String) -> Bool {
        switch name {
        case cpu, memoryName, ephemeralStorageName, podsName, "storage": return false
        default: return true
        }
    }

    /// The amounts of a resource list (`framework.Resource.Add`), ignoring `pods`.
    init(_ list: [String: Quantity]?) {
        for (name, quantity) in list ?? [:] { add(name, quantity) }
    }

    init() {}

    /// The value of `name` in the unit the scheduler keeps (milli for CPU, whole units otherwise).
    static func value(_ name: String, _ quantity: Quantity) -> Int64 {
        (name == cpu ? quantity.milliValue : quantity.integerValue) ?? 0
    }

    mutating func add(_ name: String, _ quantity: Quantity) {
        add(name, ResourceAmounts.value(name, quantity))
    }

    mutating func add(_ name: String, _ value: Int64) {
        switch name {
        case ResourceAmounts.cpu: milliCPU += value
        case ResourceAmounts.memoryName: memory += value
        case ResourceAmounts.ephemeralStorageName: ephemeralStorage += value
        default:
            if ResourceAmounts.isScalar(name) { scalars[name, default: 0] += value }
        }
    }

    /// The amount of `name`.
    func amount(_ name: String) -> Int64 {
        switch name {
        case ResourceAmounts.cpu: return milliCPU
        case ResourceAmounts.memoryName: return memory
        case ResourceAmounts.ephemeralStorageName: return ephemeralStorage
        default: return scalars[name] ?? 0
        }
    }

    mutating func set(_ name: String, _ value: Int64) {
        switch name {
        case ResourceAmounts.cpu: milliCPU = value
        case ResourceAmounts.memoryName: memory = value
        case ResourceAmounts.ephemeralStorageName: ephemeralStorage = value
        default: if ResourceAmounts.isScalar(name) { scalars[name] = value }
        }
    }

    mutating func add(_ other: ResourceAmounts, times sign: Int64 = 1) {
        milliCPU += sign * other.milliCPU
        memory += sign * other.memory
        ephemeralStorage += sign * other.ephemeralStorage
        for (name, value) in other.scalars {
            let total = scalars[name, default: 0] + sign * value
            scalars[name] = total == 0 && sign < 0 ? nil : total
        }
    }

    /// Each amount the larger of this and `other`.
    mutating func formMax(_ other: ResourceAmounts) {
        milliCPU = max(milliCPU, other.milliCPU)
        memory = max(memory, other.memory)
        ephemeralStorage = max(ephemeralStorage, other.ephemeralStorage)
        for (name, value) in other.scalars { scalars[name] = max(scalars[name] ?? 0, value) }
    }

    /// Whether every amount is zero.
    var isZero: Bool {
        milliCPU == 0 && memory == 0 && ephemeralStorage == 0 && scalars.values.allSatisfy { $0 == 0 }
    }
}
