import Foundation
import SkiffTestSupport

/// The blocking helpers for async tests: each runs on a thread of its own, so a test waiting for
/// kubectl, curl, Python or a starting server does not hold one of the cooperative pool's threads
/// (two on a two-core machine) that other suites' async tests need. In an async test these
/// overloads are the ones Swift picks.
extension ServerProcess {
    /// Starts a server (see ``init(extraArguments:directory:)``).
    static func start(extraArguments: [String] = [], directory: URL? = nil) async throws -> ServerProcess {
        try await SkiffTestSupport.offPool { try ServerProcess(extraArguments: extraArguments, directory: directory) }
    }

    /// Runs a program to completion with input.
    static func run(
        _ executable: String, _ arguments: [String], input: String? = nil, environment: [String: String] = [:]
    ) async throws -> CommandResult {
        try await SkiffTestSupport.offPool { try run(executable, arguments, input: input, environment: environment) }
    }

    /// Runs kubectl (the given binary) against this server.
    func kubectl(_ arguments: [String], input: String? = nil, binary: String = "kubectl") async throws
        -> CommandResult
    {
        try await SkiffTestSupport.offPool { try self.kubectl(arguments, input: input, binary: binary) }
    }

    /// A raw HTTP request with curl: the status code and the body.
    func http(
        _ method: String, _ path: String, body: String? = nil, contentType: String = "application/json",
        headers: [String] = []
    ) async throws -> (code: Int, body: String) {
        try await SkiffTestSupport.offPool {
            try self.http(method, path, body: body, contentType: contentType, headers: headers)
        }
    }
}
