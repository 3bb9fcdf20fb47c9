import ArgumentParser
import Foundation
import SkiffAPI
import SkiffClient
import SkiffHistory

extension Skiff {
    /// `skiff storage`: maintenance of what the store holds.
    struct StorageCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "storage", abstract: "Maintain stored objects.", subcommands: [Migrate.self])

        /// `skiff storage migrate RESOURCE`: rewrites every object of a resource in the current
        /// storage version, through a running server, as kube-storage-version-migrator does.
        struct Migrate: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Rewrite every stored object of a resource in its current storage version.",
                discussion: """
                    Works through a running server, without downtime: each object is read and written \
                    back unchanged, and the server stores it in the storage version it uses now (objects \
                    written in an earlier storage version, or by a CustomResourceDefinition whose storage \
                    version changed, are converted; objects already current are left alone). A write that \
                    races with another client is retried on the fresh object. For a custom resource, the \
                    definition's status.storedVersions is then reduced to the storage version.
                    RESOURCE is PLURAL.GROUP (deployments.apps, widgets.example.com) or PLURAL for the \
                    core group. Revisions written before stay readable in the history commands.
                    """)

            @Argument(help: "The resource, PLURAL.GROUP or PLURAL for the core group.")
            var resource: String

            @Option(help: "The server, https://HOST:PORT (without credentials: prefer --kubeconfig).")
            var server: String?

            @Option(help: "The server of this kubeconfig (default: skiff-data/kubeconfig).")
            var kubeconfig: String?

            @Option(help: "Objects read per page.")
            var chunkSize = 500

            @Option(name: .shortAndLong, help: "Output format: table, json or yaml.")
            var output = "table"

            func validate() throws {
                do {
                    _ = try OutputFormat.parse(output)
                } catch {
                    throw ValidationError(error.message)
                }
                guard chunkSize > 0 else { throw ValidationError("--chunk-size must be positive") }
                if server != nil, kubeconfig != nil { throw ValidationError("give --server or --kubeconfig, not both") }
            }

            func run() async throws {
                let configuration = try RemoteServer.configuration(server: server, kubeconfig: kubeconfig)
                let client = Client(transport: configuration.transport())
                let migrator = StorageMigrator(client: client, chunkSize: chunkSize) { done, total in
                    FileHandle.standardError.write(Data("\rmigrating \(resource): \(done)/\(total)".utf8))
                }
                let report: StorageMigrator.Report
                do {
                    report = try await migrator.migrate(resource)
                } catch {
                    throw CLIError(error.message)
                }
                if report.objects > 0 { FileHandle.standardError.write(Data("\n".utf8)) }
                let format = (try? OutputFormat.parse(output)) ?? .table
                if let document = format.render(report.json) {
                    print(document, terminator: "")
                    return
                }
                var table = TextTable(
                    header: ["RESOURCE", "VERSION READ", "OBJECTS", "REWRITTEN", "GONE", "RETRIES"], width: nil)
                table.append([
                    report.resource, report.version, String(report.objects), String(report.rewritten),
                    String(report.gone), String(report.retries),
                ])
                print(table.render(), terminator: "")
                if let stored = report.storedVersions {
                    print("status.storedVersions of the definition: \(stored.joined(separator: ", "))")
                }
            }
        }
    }
}
