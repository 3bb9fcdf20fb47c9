/// JSON Patch (RFC 6902, `application/json-patch+json`): a list of operations (`add`, `remove`,
/// `replace`, `move`, `copy`, `test`) that address the document with JSON pointers (RFC 6901).
///
/// The operations apply in order to a working copy; the first one that fails ends the patch and
/// nothing of it is kept. Numbers compare by value in `test` (`1` equals `1.0`), as they do in
/// Kubernetes (which decodes them all to `float64`).
public enum JSONPatch {
    /// Applies `patch`, a JSON array of operation objects, to `document`.
    ///
    /// - Throws: ``PatchError/Code/malformedPatch`` when the patch is not an array of well-formed
    ///   operations, ``PatchError/Code/testFailed`` when a `test` does not hold,
    ///   ``PatchError/Code/pathNotFound`` and ``PatchError/Code/invalidTarget`` when an operation
    ///   addresses a location the document does not have.
    public static func apply(_ patch: JSONValue, to document: JSONValue) throws(PatchError) -> JSONValue {
        guard case .array(let operations) = patch else {
            throw PatchError(.malformedPatch, "a JSON patch must be an array of operations, not \(patch.typeName)")
        }
        let parsed = try operations.enumerated().map { (index, operation) throws(PatchError) in
            try Operation(operation, index: index)
        }
        var result = document
        for operation in parsed {
            try operation.apply(to: &result)
        }
        return result
    }

    /// Splits a JSON pointer (RFC 6901) into its unescaped reference tokens: `""` is the whole
    /// document (no tokens), `/a~1b/0` is `["a/b", "0"]`.
    ///
    /// - Throws: ``PatchError/Code/malformedPatch`` when the pointer is neither empty nor starts with
    ///   `/`, or has a `~` not followed by `0` or `1`.
    public static func parsePointer(_ pointer: String) throws(PatchError) -> [String] {
        if pointer.isEmpty { return [] }
        guard pointer.hasPrefix("/") else {
            throw PatchError(.malformedPatch, "JSON pointer \"\(pointer)\" must be empty or start with '/'")
        }
        var tokens: [String] = []
        for raw in pointer.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst() {
            var bytes: [UInt8] = []
            bytes.reserveCapacity(raw.count)
            var escaping = false
            for byte in raw {
                if escaping {
                    switch byte {
                    case UInt8(ascii: "0"): bytes.append(UInt8(ascii: "~"))
                    case UInt8(ascii: "1"): bytes.append(UInt8(ascii: "/"))
                    default:
                        throw PatchError(.malformedPatch, "JSON pointer \"\(pointer)\" has an invalid '~' escape")
                    }
                    escaping = false
                } else if byte == UInt8(ascii: "~") {
                    escaping = true
                } else {
                    bytes.append(byte)
                }
            }
            if escaping {
                throw PatchError(.malformedPatch, "JSON pointer \"\(pointer)\" ends with an incomplete '~' escape")
            }
            tokens.append(String(decoding: bytes, as: UTF8.self))
        }
        return tokens
    }

    /// The value `pointer` addresses in `document`, `nil` when there is none.
    ///
    /// - Throws: ``PatchError/Code/malformedPatch`` for a pointer that does not parse.
    public static func value(at pointer: String, in document: JSONValue) throws(PatchError) -> JSONValue? {
        lookUp(try parsePointer(pointer)[...], in: document)
    }

    // MARK: - Operations

    private enum Kind: String {
        case add, remove, replace, move, copy, test
    }

    private struct Operation {
        var kind: Kind
        var index: Int
        var pointer: String
        var path: [String]
        var from: [String] = []
        var fromPointer = ""
        var value: JSONValue = .null

        init(_ object: JSONValue, index: Int) throws(PatchError) {
            guard case .object(let members) = object else {
                throw PatchError(
                    .malformedPatch, "operation \(index) must be an object, not \(object.typeName)")
            }
            guard case .string(let name)? = members["op"] else {
                throw PatchError(.malformedPatch, "operation \(index) has no \"op\" string")
            }
            guard let kind = Kind(rawValue: name) else {
                throw PatchError(.malformedPatch, "operation \(index) has an unknown op \"\(name)\"")
            }
            guard case .string(let pointer)? = members["path"] else {
                throw PatchError(.malformedPatch, "operation \(index) (\(name)) has no \"path\" string")
            }
            self.kind = kind
            self.index = index
            self.pointer = pointer
            self.path = try JSONPatch.parsePointer(pointer)
            switch kind {
            case .add, .replace, .test:
                guard let value = members["value"] else {
                    throw PatchError(.malformedPatch, "operation \(index) (\(name) \(pointer)) has no \"value\"")
                }
                self.value = value
            case .move, .copy:
                guard case .string(let from)? = members["from"] else {
                    throw PatchError(.malformedPatch, "operation \(index) (\(name) \(pointer)) has no \"from\" string")
                }
                self.fromPointer = from
                self.from = try JSONPatch.parsePointer(from)
            case .remove:
                break
            }
        }

        private var label: String { "operation \(index) (\(kind.rawValue) \(pointer))" }

        func apply(to document: inout JSONValue) throws(PatchError) {
            switch kind {
            case .add:
                try JSONPatch.add(value, at: path[...], in: &document, label: label)
            case .remove:
                _ = try JSONPatch.remove(at: path[...], in: &document, label: label)
            case .replace:
                try JSONPatch.replace(at: path[...], with: value, in: &document, label: label)
            case .move:
                if from.count < path.count, Array(path.prefix(from.count)) == from {
                    throw PatchError(.invalidTarget, "\(label): cannot move \(fromPointer) into one of its children")
                }
                let moved = try JSONPatch.remove(at: from[...], in: &document, label: label)
                try JSONPatch.add(moved, at: path[...], in: &document, label: label)
            case .copy:
                guard let copied = JSONPatch.lookUp(from[...], in: document) else {
                    throw PatchError(.pathNotFound, "\(label): \"from\" location \(fromPointer) does not exist")
                }
                try JSONPatch.add(copied, at: path[...], in: &document, label: label)
            case .test:
                try test(document)
            }
        }

        /// Kubernetes (evanphx/json-patch) lets `test` with a `null` value pass when the member is
        /// missing altogether; a missing parent is still an error.
        private func test(_ document: JSONValue) throws(PatchError) {
            if let found = JSONPatch.lookUp(path[...], in: document) {
                guard PatchSupport.jsonEqual(found, value) else {
                    throw PatchError(
                        .testFailed,
                        "\(label): found \(PatchSupport.brief(found)), expected \(PatchSupport.brief(value))")
                }
                return
            }
            switch JSONPatch.lookUp(path.dropLast(), in: document) {
            case .object?:
                guard value.isNull else {
                    throw PatchError(.testFailed, "\(label): no value, expected \(PatchSupport.brief(value))")
                }
                return
            case .array?:
                throw PatchError(.testFailed, "\(label): no such element, expected \(PatchSupport.brief(value))")
            default:
                break
            }
            throw PatchError(.pathNotFound, "\(label): the parent of the tested location does not exist")
        }
    }

    // MARK: - Pointer walking

    private static func lookUp(_ tokens: ArraySlice<String>, in value: JSONValue) -> JSONValue? {
        var current = value
        for token in tokens {
            switch current {
            case .object(let members):
                guard let child = members[token] else { return nil }
                current = child
            case .array(let elements):
                guard let index = arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// An array index token as RFC 6901 allows it: `0` or digits without a leading zero.
    private static func arrayIndex(_ token: String) -> Int? {
        guard let first = token.utf8.first, token.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        if first == UInt8(ascii: "0"), token.utf8.count > 1 { return nil }
        return Int(token)
    }

    /// Runs `body` on the container that holds the last token of `tokens` (which must not be empty),
    /// walking and rebuilding the containers above it.
    private static func withParent<Result>(
        of tokens: ArraySlice<String>, in value: inout JSONValue, label: String,
        _ body: (inout JSONValue, String) throws(PatchError) -> Result
    ) throws(PatchError) -> Result {
        let token = tokens.first!
        if tokens.count == 1 { return try body(&value, token) }
        let rest = tokens.dropFirst()
        switch value {
        case .object(var members):
            guard var child = members[token] else {
                throw PatchError(.pathNotFound, "\(label): member \"\(token)\" does not exist")
            }
            value = .null
            members[token] = nil
            defer {
                members[token] = child
                value = .object(members)
            }
            return try withParent(of: rest, in: &child, label: label, body)
        case .array(var elements):
            guard let index = arrayIndex(token) else {
                throw PatchError(.invalidTarget, "\(label): \"\(token)\" is not an array index")
            }
            guard index < elements.count else {
                throw PatchError(.pathNotFound, "\(label): index \(index) is past the end of the array")
            }
            var child = elements[index]
            value = .null
            elements[index] = .null
            defer {
                elements[index] = child
                value = .array(elements)
            }
            return try withParent(of: rest, in: &child, label: label, body)
        default:
            throw PatchError(.invalidTarget, "\(label): cannot step into a \(value.typeName) with \"\(token)\"")
        }
    }

    private static func add(
        _ newValue: JSONValue, at tokens: ArraySlice<String>, in document: inout JSONValue, label: String
    ) throws(PatchError) {
        if tokens.isEmpty {
            document = newValue
            return
        }
        try withParent(of: tokens, in: &document, label: label) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                parent = .null
                members[token] = newValue
                parent = .object(members)
            case .array(var elements):
                let index: Int
                if token == "-" {
                    index = elements.count
                } else {
                    guard let parsed = arrayIndex(token) else {
                        throw PatchError(.invalidTarget, "\(label): \"\(token)\" is not an array index")
                    }
                    guard parsed <= elements.count else {
                        throw PatchError(
                            .pathNotFound, "\(label): index \(parsed) is past the end of an array of \(elements.count)")
                    }
                    index = parsed
                }
                parent = .null
                elements.insert(newValue, at: index)
                parent = .array(elements)
            default:
                throw PatchError(.invalidTarget, "\(label): cannot add a member to a \(parent.typeName)")
            }
        }
    }

    private static func remove(
        at tokens: ArraySlice<String>, in document: inout JSONValue, label: String
    ) throws(PatchError) -> JSONValue {
        if tokens.isEmpty {
            throw PatchError(.invalidTarget, "\(label): cannot remove the whole document")
        }
        return try withParent(of: tokens, in: &document, label: label) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                guard let removed = members[token] else {
                    throw PatchError(.pathNotFound, "\(label): member \"\(token)\" does not exist")
                }
                parent = .null
                members[token] = nil
                parent = .object(members)
                return removed
            case .array(var elements):
                let index = try existingIndex(token, count: elements.count, label: label)
                parent = .null
                let removed = elements.remove(at: index)
                parent = .array(elements)
                return removed
            default:
                throw PatchError(.invalidTarget, "\(label): a \(parent.typeName) has no member \"\(token)\"")
            }
        }
    }

    private static func replace(
        at tokens: ArraySlice<String>, with newValue: JSONValue, in document: inout JSONValue, label: String
    ) throws(PatchError) {
        if tokens.isEmpty {
            document = newValue
            return
        }
        try withParent(of: tokens, in: &document, label: label) { (parent, token) throws(PatchError) in
            switch parent {
            case .object(var members):
                guard members[token] != nil else {
                    throw PatchError(.pathNotFound, "\(label): member \"\(token)\" does not exist")
                }
                parent = .null
                members[token] = newValue
                parent = .object(members)
            case .array(var elements):
                let index = try existingIndex(token, count: elements.count, label: label)
                parent = .null
                elements[index] = newValue
                parent = .array(elements)
            default:
                throw PatchError(.invalidTarget, "\(label): a \(parent.typeName) has no member \"\(token)\"")
            }
        }
    }

    /// The index of an existing element (`-`, one past the end, is not one).
    private static func existingIndex(_ token: String, count: Int, label: String) throws(PatchError) -> Int {
        guard let index = arrayIndex(token) else {
            throw PatchError(.invalidTarget, "\(label): \"\(token)\" is not an index of an existing element")
        }
        guard index < count else {
            throw PatchError(.pathNotFound, "\(label): index \(index) is past the end of an array of \(count)")
        }
        return index
    }
}
