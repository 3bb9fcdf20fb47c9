import ArgumentParser
import Foundation
import SkiffAPI
import SkiffClient
import SkiffHistory
import SkiffPluginHost

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension Skiff {
    /// `skiff plugins`: what plugins a server loaded, or what a folder of plugins holds.
    struct PluginsCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "plugins", abstract: "Inspect plugins.", subcommands: [List.self])

        /// `skiff plugins list`.
        struct List: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "List the plugins a server loaded (and the files it refused).",
                discussion: """
                    Asks the running server of --server or --kubeconfig (default: skiff-data/kubeconfig). \
                    With --plugin-dir, opens the plugin files of those folders here instead and checks \
                    them the way the server would.
                    """)

            @Option(help: "Ask this server, https://HOST:PORT (without credentials: prefer --kubeconfig).")
            var server: String?

            @Option(help: "Ask the server of this kubeconfig.")
            var kubeconfig: String?

            @Option(name: .customLong("plugin-dir"), help: "Check the plugins of this folder locally; repeatable.")
            var pluginDirectories: [String] = []

            @Option(name: .shortAndLong, help: "Output format: table, json or yaml.")
            var output = "table"

            func validate() throws {
                do {
                    _ = try OutputFormat.parse(output)
                } catch {
                    throw ValidationError(error.message)
                }
                if !pluginDirectories.isEmpty, server != nil || kubeconfig != nil {
                    throw ValidationError("give either --plugin-dir or a server (--server, --kubeconfig)")
                }
            }

            func run() throws {
                let inventory: JSONValue
                if !pluginDirectories.isEmpty {
                    let host = PluginHost()
                    host.load(directories: pluginDirectories)
                    inventory = host.inventoryJSON()
                } else {
                    inventory = try fetch()
                }
                let format = (try? OutputFormat.parse(output)) ?? .table
                if let document = format.render(inventory) {
                    print(document, terminator: "")
                    return
                }
                print(Self.table(inventory), terminator: "")
            }

            private func fetch() throws -> JSONValue {
                let configuration = try RemoteServer.configuration(server: server, kubeconfig: kubeconfig)
                let (code, body) = try perform(configuration, path: "/skiff/v1/plugins")
                guard code == 200, let value = try? JSONParser.parse(Array(body)) else {
                    throw CLIError("the server answered \(code): \(String(decoding: body.prefix(300), as: UTF8.self))")
                }
                return value
            }

            /// NAME, KIND, VERSION, ABI, PATH; then refused files with their reasons.
            static func table(_ inventory: JSONValue) -> String {
                var table = TextTable(header: ["NAME", "KIND", "VERSION", "ABI", "PATH"], width: nil)
                for item in inventory["items"]?.arrayValue ?? [] {
                    table.append(
                        ["name", "kind", "version", "abi", "path"].map { item[$0]?.stringValue ?? "" })
                }
                var text = (inventory["items"]?.arrayValue ?? []).isEmpty ? "No plugins loaded.\n" : table.render()
                let refused = inventory["refused"]?.arrayValue ?? []
                if !refused.isEmpty {
                    text += "\nRefused:\n"
                    for item in refused {
                        text += "  \(item["path"]?.stringValue ?? ""): \(item["message"]?.stringValue ?? "")\n"
                    }
                }
                return text
            }
        }
    }
}
