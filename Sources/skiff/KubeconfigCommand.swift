import ArgumentParser
import Foundation
import SkiffAPIServer
import SkiffClient
import SkiffHistory

extension Skiff {
    /// `skiff kubeconfig`: kubeconfigs with client certificates the cluster CA signs.
    struct KubeconfigCommand: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "kubeconfig", abstract: "Make kubeconfigs for users and node agents.",
            subcommands: [Create.self])

        /// `skiff kubeconfig create`.
        struct Create: ParsableCommand {
            static let configuration = CommandConfiguration(
                abstract: "Sign a client certificate for a user and write a kubeconfig that uses it.",
                discussion: """
                    The certificate's CN is the user and its O entries the groups; the server's RBAC then decides \
                    what the user may do. It is signed by the cluster CA in DATA-DIR/pki, so run this where the \
                    server's data lives. For a node agent:
                      skiff kubeconfig create --user system:node:worker-1 --group system:nodes -o worker-1.kubeconfig
                      skiff agent --kubeconfig worker-1.kubeconfig --node-name worker-1
                    """)

            @Option(help: "The user's name (the certificate's CN).")
            var user: String

            @Option(name: .customLong("group"), help: "A group of the user (an O entry; repeatable).")
            var groups: [String] = []

            @Option(help: "The server's data directory, whose pki/ holds the cluster CA.")
            var dataDir = "skiff-data"

            @Option(help: "The server's URL (default: the one in DATA-DIR/kubeconfig).")
            var server: String?

            @Option(help: "How long the certificate is valid, in hours or days: 720h, 30d.")
            var validity = "8760h"

            @Option(name: .shortAndLong, help: "Where to write the kubeconfig (default: standard output).")
            var output: String?

            func validate() throws {
                guard !user.isEmpty else { throw ValidationError("--user must not be empty") }
                guard Self.seconds(validity) != nil else {
                    throw ValidationError(
                        "--validity must be hours or days up to 100 years, such as 720h or 30d, not \"\(validity)\"")
                }
            }

            /// Seconds of a positive duration (`720h`, `30d`, `1h30m`) of at most 100 years (a
            /// certificate's dates must stay encodable); nil for anything else.
            static func seconds(_ text: String) -> TimeInterval? {
                guard let seconds = try? TimeSpec.duration(text), seconds > 0, seconds <= 100 * 365 * 86_400 else {
                    return nil
                }
                return seconds
            }

            func run() throws {
                let directory = URL(fileURLWithPath: dataDir, isDirectory: true)
                let pkiDirectory = directory.appendingPathComponent("pki")
                guard FileManager.default.fileExists(atPath: pkiDirectory.appendingPathComponent("ca.key").path) else {
                    throw CLIError(
                        "no cluster CA in \(pkiDirectory.path): start `skiff server --data-dir \(dataDir)` once first")
                }
                let pki: ClusterPKI
                let pair: ClusterPKI.KeyPair
                do {
                    pki = try ClusterPKI.loadOrCreate(directory: pkiDirectory)
                    pair = try pki.issue(
                        commonName: user, organizations: groups, hosts: [], server: false,
                        validity: Self.seconds(validity) ?? ClusterPKI.leafValidity)
                } catch {
                    throw CLIError("\(error)")
                }
                let url: String
                var authorities = pki.authorityPEM
                if let server {
                    url = server
                } else {
                    let admin = directory.appendingPathComponent("kubeconfig").path
                    let configuration: ClientConfiguration
                    do {
                        configuration = try ClientConfiguration.load(kubeconfig: admin)
                    } catch {
                        throw CLIError("no --server and \(error.message)")
                    }
                    url = configuration.server
                    // Trust what the server's own kubeconfig trusts (a --tls-cert chain too).
                    if let trusted = configuration.certificateAuthorityPEM {
                        authorities = String(decoding: trusted, as: UTF8.self)
                    }
                }
                let credentials = Kubeconfig.Credentials(
                    certificateAuthorityPEM: authorities, clientCertificatePEM: pair.certificatePEM,
                    clientKeyPEM: pair.keyPEM)
                if let output {
                    do {
                        try Kubeconfig.write(server: url, to: output, user: user, credentials: credentials)
                    } catch {
                        throw CLIError("cannot write \(output): \(error.localizedDescription)")
                    }
                } else {
                    print(Kubeconfig.text(server: url, user: user, credentials: credentials), terminator: "")
                }
            }
        }
    }
}
