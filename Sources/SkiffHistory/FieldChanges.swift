import SkiffAPI

/// A field-level summary of what changed between two revisions of an object: every added, removed
/// and changed leaf, by dotted path.
///
/// Objects are compared member by member and arrays element by element (by index); a value that
/// appears, disappears or changes type is one change, shown whole (`{…}`, `[3 items]`). Integers
/// and doubles with the same value are equal. `metadata.resourceVersion` and
/// `metadata.managedFields` change on every write and are ignored unless asked for.
///
/// ```swift
/// FieldChanges(old: before, new: after).summary(maxWidth: 60)
/// // spec.replicas: 3 → 5, metadata.labels.app: added, +2 more
/// ```
public struct FieldChanges: Hashable, Sendable {
    /// The paths ignored by default: bookkeeping that changes on every write.
    public static let defaultIgnoredPaths: Set<String> = ["metadata.resourceVersion", "metadata.managedFields"]

    /// The changes, sorted by path (member by member, indices numerically).
    public var changes: [FieldChange]

    /// The changes from `old` to `new`; `nil` is an absent value, so `(nil, value)` is one
    /// `added` change of the whole value (a create) and `(value, nil)` one `removed` (a delete).
    /// Changes at (and below) `ignoredPaths` are left out.
    public init(old: JSONValue?, new: JSONValue?, ignoring ignoredPaths: Set<String> = defaultIgnoredPaths) {
        var changes: [FieldChange] = []
        Self.compare(old, new, path: "", ignoring: ignoredPaths, into: &changes)
        self.changes = changes
    }

    /// Changes as they are.
    public init(changes: [FieldChange]) { self.changes = changes }

    /// Whether nothing (that is not ignored) changed.
    public var isEmpty: Bool { changes.isEmpty }

    /// The changes in one line for a table cell, at most `maxWidth` characters:
    /// `spec.replicas: 3 → 5, metadata.labels.app: added, +2 more`. Changes to the desired state
    /// come first, then `metadata`, then `status`, each by path; as many as fit are listed and the
    /// rest counted. `created`/`deleted` for a whole value; `no changes` when nothing changed.
    public func summary(maxWidth: Int = 60) -> String {
        guard !changes.isEmpty else { return "no changes".truncated(to: maxWidth) }
        let ordered = changes.enumerated().sorted { first, second in
            let (rank1, rank2) = (Self.rank(first.element.path), Self.rank(second.element.path))
            return rank1 != rank2 ? rank1 < rank2 : first.offset < second.offset
        }
        let items = ordered.map(\.element.compactDescription)
        var result = ""
        for (position, item) in items.enumerated() {
            let candidate = result.isEmpty ? item : "\(result), \(item)"
            let laterCount = items.count - position - 1
            let suffix = laterCount > 0 ? ", +\(laterCount) more" : ""
            if (candidate + suffix).count <= maxWidth {
                result = candidate
                continue
            }
            if result.isEmpty {
                return item.truncated(to: maxWidth - suffix.count) + suffix
            }
            return "\(result), +\(items.count - position) more"
        }
        return result
    }

    /// The summary of two stored values given as bytes, either of which may be absent: the field
    /// summary when every present value is JSON, ``byteSummary(old:new:maxWidth:)`` otherwise.
    public static func summary(old: [UInt8]?, new: [UInt8]?, maxWidth: Int = 60) -> String {
        do {
            let oldValue = try old.map { bytes throws(JSONParseError) in try JSONParser.parse(bytes) }
            let newValue = try new.map { bytes throws(JSONParseError) in try JSONParser.parse(bytes) }
            return FieldChanges(old: oldValue, new: newValue).summary(maxWidth: maxWidth)
        } catch {
            return byteSummary(old: old, new: new, maxWidth: maxWidth)
        }
    }

    /// A summary of values that are not JSON, by size and the first eight hex digits of their
    /// SHA-256: `value: 120 B → 130 B (sha256 1a2b3c4d → 5e6f7a8b)`,
    /// `created: 130 B (sha256 5e6f7a8b)`, `deleted: 120 B (sha256 1a2b3c4d)`,
    /// `value: unchanged (120 B, sha256 1a2b3c4d)`; `no changes` when both are absent.
    public static func byteSummary(old: [UInt8]?, new: [UInt8]?, maxWidth: Int = 60) -> String {
        let text: String
        switch (old, new) {
        case (nil, nil):
            text = "no changes"
        case (nil, let new?):
            text = "created: \(formatSize(new.count)) (sha256 \(shortHash(new)))"
        case (let old?, nil):
            text = "deleted: \(formatSize(old.count)) (sha256 \(shortHash(old)))"
        case (let old?, let new?) where old == new:
            text = "value: unchanged (\(formatSize(old.count)), sha256 \(shortHash(old)))"
        case (let old?, let new?):
            text =
                "value: \(formatSize(old.count)) → \(formatSize(new.count)) "
                + "(sha256 \(shortHash(old)) → \(shortHash(new)))"
        }
        return text.truncated(to: maxWidth)
    }

    /// A byte count for people: `120 B`, `1.5 KiB`, `2.0 MiB`.
    public static func formatSize(_ count: Int) -> String {
        if count < 1024 { return "\(count) B" }
        let units = ["KiB", "MiB", "GiB", "TiB"]
        var value = Double(count) / 1024
        var unit = 0
        while (value * 10).rounded() >= 10_240, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(tenths % 10) \(units[unit])"
    }

    // MARK: Private

    private static func shortHash(_ bytes: [UInt8]) -> String { String(SHA256.hexDigest(bytes).prefix(8)) }

    /// Desired state first, then metadata, then status.
    private static func rank(_ path: String) -> Int {
        if path == "metadata" || path.hasPrefix("metadata.") || path.hasPrefix("metadata[") { return 1 }
        if path == "status" || path.hasPrefix("status.") || path.hasPrefix("status[") { return 2 }
        return 0
    }

    private static func compare(
        _ old: JSONValue?, _ new: JSONValue?, path: String, ignoring ignoredPaths: Set<String>,
        into changes: inout [FieldChange]
    ) {
        if !path.isEmpty, ignoredPaths.contains(path) { return }
        switch (old, new) {
        case (nil, nil):
            return
        case (nil, let new?):
            changes.append(FieldChange(path: path, kind: .added, old: nil, new: new))
        case (let old?, nil):
            changes.append(FieldChange(path: path, kind: .removed, old: old, new: nil))
        case (.object(let before)?, .object(let after)?):
            if before == after { return }
            for key in Set(before.keys).union(after.keys).sorted() {
                compare(before[key], after[key], path: member(key, of: path), ignoring: ignoredPaths, into: &changes)
            }
        case (.array(let before)?, .array(let after)?):
            if before == after { return }
            for index in 0..<max(before.count, after.count) {
                // Optional explicitly: a bare `nil` would become JSON `null`.
                let old: JSONValue? = index < before.count ? .some(before[index]) : .none
                let new: JSONValue? = index < after.count ? .some(after[index]) : .none
                compare(old, new, path: "\(path)[\(index)]", ignoring: ignoredPaths, into: &changes)
            }
        case (let old?, let new?):
            if !same(old, new) { changes.append(FieldChange(path: path, kind: .changed, old: old, new: new)) }
        }
    }

    /// Scalars compared as JSON compares them: `3` and `3.0` are the same number.
    private static func same(_ first: JSONValue, _ second: JSONValue) -> Bool {
        switch (first, second) {
        case (.int(let integer), .double(let double)), (.double(let double), .int(let integer)):
            return Double(integer) == double
        default:
            return first == second
        }
    }

    /// `path.key`, or `path["key"]` when the key is not made of letters, digits, `_` and `-`.
    static func member(_ key: String, of path: String) -> String {
        let plain = !key.isEmpty && key.utf8.allSatisfy(isPlainKeyByte)
        if plain { return path.isEmpty ? key : "\(path).\(key)" }
        return "\(path)[\(JSONValue.string(key).serializedString())]"
    }

    private static func isPlainKeyByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "-"):
            return true
        default:
            return false
        }
    }
}
