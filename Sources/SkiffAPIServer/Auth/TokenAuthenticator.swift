import Foundation
import Synchronization

/// Bearer tokens from a static token file, kube-apiserver's `--token-auth-file` format: one
/// `token,user,uid[,"group1,group2,..."]` line per token (`#` comments and blank lines skipped).
/// The file is read again when it changes, so `skiff token create` takes effect at once.
public final class TokenAuthenticator: Sendable {
    /// What a request's credentials say.
    public enum Outcome: Sendable, Equatable {
        /// A known user.
        case user(UserInfo)
        /// No credentials at all.
        case anonymous
        /// Credentials that name nobody (a wrong or revoked token).
        case invalid
    }

    /// A problem with the token file.
    public struct FileError: Error, Sendable, CustomStringConvertible {
        /// Why.
        public var description: String
    }

    private struct Loaded {
        var tokens: [String: UserInfo] = [:]
        var modified: Date?
        var checked: ContinuousClock.Instant?
    }

    /// The token file.
    public let path: String
    private let loaded = Mutex(Loaded())

    /// An authenticator over `path`; throws when the file cannot be read or
    /// has a bad line.
    public init(path: String) throws(FileError) {
        self.path = path
        let tokens = try Self.read(path)
        let modified = Self.modified(path)
        loaded.withLock { $0 = Loaded(tokens: tokens, modified: modified, checked: .now) }
    }

    /// The user of an `Authorization` header value.
    public func authenticate(authorization header: String?) -> Outcome {
        guard let header, !header.isEmpty else { return .anonymous }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return .invalid }
        let token = parts[1].trimmingCharacters(in: .whitespaces)
        reloadIfChanged()
        guard var user = loaded.withLock({ $0.tokens[token] }) else { return .invalid }
        if !user.groups.contains("system:authenticated") { user.groups.append("system:authenticated") }
        return .user(user)
    }

    /// Reads the file again when its modification time changed (checked at most once a second).
    private func reloadIfChanged() {
        let due = loaded.withLock { state -> Bool in
            if let checked = state.checked, ContinuousClock.now - checked < .seconds(1) { return false }
            state.checked = .now
            return true
        }
        guard due else { return }
        let modified = Self.modified(path)
        guard modified != loaded.withLock({ $0.modified }), let tokens = try? Self.read(path) else { return }
        loaded.withLock { state in
            state.tokens = tokens
            state.modified = modified
        }
    }

    private static func modified(_ path: String) -> Date? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.modificationDate] as? Date
    }

    /// Parses a token file.
    static func read(_ path: String) throws(FileError) -> [String: UserInfo] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw FileError(description: "cannot read the token file \(path)")
        }
        return try parse(text, file: path)
    }

    /// Parses token file text.
    static func parse(_ text: String, file: String = "tokens") throws(FileError) -> [String: UserInfo] {
        var tokens: [String: UserInfo] = [:]
        for (index, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let fields = csvFields(line)
            guard fields.count >= 3, !fields[0].isEmpty, !fields[1].isEmpty else {
                throw FileError(
                    description: "\(file):\(index + 1): a token line is token,user,uid[,\"group1,group2\"]")
            }
            let groups =
                fields.count > 3 ? fields[3].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } : []
            tokens[fields[0]] = UserInfo(name: fields[1], groups: groups.filter { !$0.isEmpty }, uid: fields[2])
        }
        return tokens
    }

    /// The fields of one CSV line (double quotes group commas; `""` is a quote).
    static func csvFields(_ line: String) -> [String] {
        var fields: [String] = []
        var current = ""
        var quoted = false
        var iterator = Array(line).makeIterator()
        var pending: Character? = iterator.next()
        while let character = pending {
            pending = iterator.next()
            switch character {
            case "\"" where quoted && pending == "\"":
                current.append("\"")
                pending = iterator.next()
            case "\"":
                quoted.toggle()
            case "," where !quoted:
                fields.append(current)
                current = ""
            default:
                current.append(character)
            }
        }
        fields.append(current)
        return fields
    }
}

extension TokenAuthenticator {
    /// A new random token: 32 bytes from the system's generator, hex-encoded.
    public static func generateToken() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
    }

    /// A token file line: `token,user,uid,"group1,group2"`.
    public static func line(token: String, user: String, uid: String, groups: [String]) -> String {
        "\(token),\(user),\(uid)" + (groups.isEmpty ? "" : ",\"\(groups.joined(separator: ","))\"")
    }
}
