import Testing

@testable import SkiffEtcdStore

@Suite("etcd datastore configuration")
struct EtcdConfigurationTests {
    @Test(
        "--datastore values that parse",
        arguments: [
            ("etcd://127.0.0.1:2379", ["127.0.0.1:2379"]),
            (
                "etcd://127.0.0.1:2379,127.0.0.1:22379,127.0.0.1:32379",
                ["127.0.0.1:2379", "127.0.0.1:22379", "127.0.0.1:32379"]
            ),
            ("etcd://localhost:2379,etcd://10.0.0.2:2379/", ["localhost:2379", "10.0.0.2:2379"]),
            ("http://etcd-0:2379", ["etcd-0:2379"]),
        ])
    func parses(_ text: String, _ endpoints: [String]) throws {
        let configuration = try EtcdDatastoreConfiguration.parse(text)
        #expect(configuration.endpoints.map(\.description) == endpoints)
        #expect(configuration.tls == nil)
    }

    @Test(
        "--datastore values refused with a clear message",
        arguments: [
            ("sqlite://x", "etcd://HOST:PORT"),
            ("etcd://", "HOST:PORT"),
            ("etcd://127.0.0.1", "HOST:PORT"),
            ("etcd://127.0.0.1:0", "from 1 to 65535"),
            ("etcd://127.0.0.1:2379,,127.0.0.1:2380", "not \"\""),
            ("etcd://127.0.0.1:99999", "from 1 to 65535"),
            ("https://127.0.0.1:2379", "--etcd-cafile"),
        ])
    func refuses(_ text: String, _ fragment: String) {
        #expect {
            _ = try EtcdDatastoreConfiguration.parse(text)
        } throws: { error in
            "\(error)".contains(fragment)
        }
    }

    @Test("a client certificate needs its key")
    func certificateNeedsKey() {
        #expect(throws: EtcdDatastoreConfiguration.ConfigurationError.self) {
            _ = try EtcdDatastoreConfiguration.parse(
                "etcd://127.0.0.1:2379", tls: .init(certificateAuthority: "ca.pem", certificate: "client.pem"))
        }
    }

    @Test(
        "etcd versions whose progress answers come after pending events",
        arguments: [
            ("3.4.23", false), ("3.4.25", true), ("3.5.7", false), ("3.5.8", true), ("3.6.0", true),
            ("3.3.27", false), ("garbage", false),
        ])
    func orderedProgress(_ version: String, _ ordered: Bool) {
        #expect(EtcdDatastore.ordersProgress(version) == ordered)
    }
}
