import ArgumentParser
import Foundation
import SkiffAPIServer

extension Skiff {
    /// `skiff token`: bearer tokens for the server's token file.
    struct TokenCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "token", abstract: "Manage bearer tokens.", subcommands: [Create.self])

        /// `skiff token create`.
        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Create a bearer token for a user and print it.",
                discussion: """
                    Appends a line to the token file the server reads (--token-auth-file); a running server \
                    picks it up within a second. RBAC then decides what the user may do:
                      skiff token create --user jane --group developers --token-file skiff-data/tokens.csv
                      kubectl --token TOKEN get pods
                    """)

            @Option(help: "The user's name.")
            var user: String

            @Option(name: .customLong("group"), help: "A group of the user (repeatable).")
            var groups: [String] = []

            @Option(help: "The token file (created when missing).")
            var tokenFile = "skiff-data/tokens.csv"

            func validate() throws {
                guard !user.isEmpty, !user.contains(","), !user.contains("\"") else {
                    throw ValidationError("--user must be a name without commas or quotes")
                }
                for group in groups where group.isEmpty || group.contains(",") || group.contains("\"") {
                    throw ValidationError("--group must be a name without commas or quotes, not \"\(group)\"")
                }
            }

            func run() throws {
                let token = TokenAuthenticator.generateToken()
                let line =
                    TokenAuthenticator.line(
                        token: token, user: user, uid: UUID().uuidString.lowercased(), groups: groups) + "\n"
                let manager = FileManager.default
                if !manager.fileExists(atPath: tokenFile) {
                    let folder = (tokenFile as NSString).deletingLastPathComponent
                    if !folder.isEmpty {
                        try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
                    }
                    guard manager.createFile(atPath: tokenFile, contents: nil, attributes: [.posixPermissions: 0o600])
                    else {
                        throw CLIError("cannot create \(tokenFile)")
                    }
                }
                guard let handle = FileHandle(forWritingAtPath: tokenFile) else {
                    throw CLIError("cannot write \(tokenFile)")
                }
                handle.seekToEndOfFile()
                handle.write(Data(line.utf8))
                try handle.close()
                print(token)
            }
        }
    }
}
