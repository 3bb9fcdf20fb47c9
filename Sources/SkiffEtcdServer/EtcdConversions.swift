import Foundation
import SkiffEtcdAPI
import SkiffStore

/// etcd's key-range encoding: an empty `range_end` names `key` alone, `range_end` `"\0"` every
/// key from `key` on, anything else the half-open range `[key, range_end)`.
enum EtcdKeyRange {
    /// The store range for etcd's `key` and `range_end`.
    static func range(key: Data, rangeEnd: Data) -> KeyRange {
        let start = [UInt8](key)
        if rangeEnd.isEmpty { return .key(start) }
        if rangeEnd.count == 1 && rangeEnd.first == 0 { return KeyRange(start: start, end: nil) }
        return KeyRange(start: start, end: [UInt8](rangeEnd))
    }
}

extension EtcdKeyValue {
    /// etcd's form of a store key-value; `keysOnly` leaves the value out.
    init(_ kv: KeyValue, keysOnly: Bool = false) {
        self.init()
        key = Data(kv.key)
        createRevision = kv.createRevision.rawValue
        modRevision = kv.modRevision.rawValue
        version = kv.version
        lease = kv.lease.rawValue
        if !keysOnly { value = Data(kv.value) }
    }
}

extension EtcdEvent {
    /// etcd's form of a store event; `prevKV` keeps the previous key-value when there is one.
    init(_ event: WatchEvent, prevKV: Bool) {
        self.init()
        type = event.kind == .put ? .put : .delete
        kv = EtcdKeyValue(event.kv)
        if prevKV, let previous = event.prevKV { prevKv = EtcdKeyValue(previous) }
    }
}

extension Compare {
    /// The store compare for etcd's. A target value of another kind than the target compares
    /// against zero (an empty value), as etcd does.
    init(_ compare: EtcdCompare) {
        let op: Compare.Operator =
            switch compare.result {
            case .equal: .equal
            case .notEqual: .notEqual
            case .less: .less
            case .greater: .greater
            case .UNRECOGNIZED: .equal
            }
        let target: Compare.Target =
            switch compare.target {
            case .version: .version(compare.version)
            case .create: .createRevision(Revision(compare.createRevision))
            case .mod: .modRevision(Revision(compare.modRevision))
            case .value: .value([UInt8](compare.value))
            case .lease: .lease(LeaseID(compare.lease))
            case .UNRECOGNIZED: .version(0)
            }
        if compare.rangeEnd.isEmpty {
            self.init(key: [UInt8](compare.key), op, target)
        } else {
            self.init(range: EtcdKeyRange.range(key: compare.key, rangeEnd: compare.rangeEnd), op, target)
        }
    }
}
