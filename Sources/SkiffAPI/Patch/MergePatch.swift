/// JSON Merge Patch (RFC 7386, `application/merge-patch+json`): the patch looks like the document;
/// `null` deletes a member, objects merge member by member, anything else (arrays included)
/// replaces what was there.
public enum MergePatch {
    /// Applies `patch`, which must be a JSON object (a Kubernetes object is always one), to
    /// `document`.
    ///
    /// - Throws: ``PatchError/Code/malformedPatch`` when `patch` is not an object.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard case .object = patch else {
            throw PatchError(.malformedPatch, "a merge patch must be a JSON object, not \(patch.typeName)")
        }
        return merge(patch, into: document)
    }

    /// RFC 7386's `MergePatch(Target, Patch)` for any patch: a non-object patch replaces the target
    /// whole, an object patch turns a non-object target into `{}` first.
    public static func merge(_ patch: JSONValue, into target: JSONValue) -> JSONValue {
        guard case .object(let patchMembers) = patch else { return patch }
        var members = target.objectValue ?? [:]
        for (key, value) in patchMembers {
            if value.isNull {
                members[key] = nil
            } else if let existing = members.removeValue(forKey: key) {
                members[key] = merge(value, into: existing)
            } else {
                members[key] = merge(value, into: .null)
            }
        }
        return .object(members)
    }
}
