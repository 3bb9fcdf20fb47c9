// swift-tools-version:6.1
import Foundation
import PackageDescription

/// The numbered SQL files: excluded from compilation, embedded through EmbeddedMigrations.swift.
let migrationFiles =
    ((try? FileManager.default.contentsOfDirectory(atPath: Context.packageDirectory + "/Migrations")) ?? [])
    .filter { $0.hasSuffix(".sql") }

/// Settings every Skiff target shares: Swift 6 language mode (strict concurrency) plus explicit
/// existentials.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "skiff",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "skiff", targets: ["skiff"]),
        .executable(name: "skiff-bench", targets: ["skiff-bench"]),
        .library(name: "SkiffStore", targets: ["SkiffStore"]),
        .library(name: "SkiffAPI", targets: ["SkiffAPI"]),
        .library(name: "SkiffAPIServer", targets: ["SkiffAPIServer"]),
        .library(name: "SkiffClient", targets: ["SkiffClient"]),
        .library(name: "SkiffEtcdServer", targets: ["SkiffEtcdServer"]),
        .library(name: "SkiffEtcdStore", targets: ["SkiffEtcdStore"]),
        // The plugin SDK: a plugin package depends on this product (linked statically into its .so).
        .library(name: "SkiffPluginKit", targets: ["SkiffPluginKit"]),
        .library(name: "SkiffPluginHost", targets: ["SkiffPluginHost"]),
        // Example plugins, each a loadable module.
        .library(name: "PodSummaryController", type: .dynamic, targets: ["PodSummaryController"]),
        // The built-in controllers, each a loadable module.
        .library(name: "ReplicaSetController", type: .dynamic, targets: ["ReplicaSetController"]),
        .library(name: "DeploymentController", type: .dynamic, targets: ["DeploymentController"]),
        .library(name: "GarbageCollector", type: .dynamic, targets: ["GarbageCollector"]),
        .library(name: "NodeLifecycleController", type: .dynamic, targets: ["NodeLifecycleController"]),
        // The node runtimes, each a loadable module.
        .library(name: "ProcessRuntime", type: .dynamic, targets: ["ProcessRuntime"]),
        .library(name: "SimulatedRuntime", type: .dynamic, targets: ["SimulatedRuntime"]),
        .library(name: "NamespaceController", type: .dynamic, targets: ["NamespaceController"]),
        .library(name: "NodeLabelScore", type: .dynamic, targets: ["NodeLabelScore"]),
        .library(name: "DefaultSchedulerPlugins", type: .dynamic, targets: ["DefaultSchedulerPlugins"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.81.0"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/apple/swift-certificates", from: "1.21.1"),
        .package(url: "https://github.com/apple/swift-asn1", from: "1.7.4"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
    ],
    targets: [
        .systemLibrary(
            name: "CSQLite",
            path: "Sources/CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        // Forward-only schema migrations: the numbered SQL files and their embedded copy.
        .target(
            name: "SkiffMigrations",
            path: "Migrations",
            exclude: ["README.md"] + migrationFiles,
            sources: ["Migration.swift", "EmbeddedMigrations.swift"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "SkiffStore",
            dependencies: [
                "CSQLite",
                "SkiffMigrations",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // etcd's v3 API: messages and service stubs generated once from Protos/etcd by
        // scripts/generate-etcd-api.sh and committed (CI never runs protoc).
        .target(
            name: "SkiffEtcdAPI",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),
        // The etcd v3 gRPC endpoint over SkiffStore (KV, Watch, Lease, Maintenance, Cluster).
        .target(
            name: "SkiffEtcdServer",
            dependencies: [
                "SkiffStore",
                "SkiffEtcdAPI",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // An etcd cluster as the datastore: the StorageBackend of `skiff server --datastore etcd://`.
        .target(
            name: "SkiffEtcdStore",
            dependencies: [
                "SkiffStore",
                "SkiffEtcdAPI",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // The Kubernetes object model and Scheme: Foundation only.
        .target(
            name: "SkiffAPI",
            swiftSettings: strictSettings
        ),
        // The Kubernetes REST API over the store: the only writer of SkiffStore.
        .target(
            name: "SkiffAPIServer",
            dependencies: [
                "SkiffAPI",
                "SkiffStore",
                "SkiffHistory",
                "SkiffClient",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
            swiftSettings: strictSettings
        ),
        // The client library: typed and dynamic clients over in-process and HTTP transports,
        // reflectors, informers, work queues, leader election.
        .target(
            name: "SkiffClient",
            dependencies: [
                "SkiffAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // skiff_plugin.h: the stable C protocol between the host and its plugins.
        .target(
            name: "SkiffPluginABI",
            path: "Sources/SkiffPluginABI"
        ),
        // The Swift SDK for plugin authors: linked statically into each plugin.
        .target(
            name: "SkiffPluginKit",
            dependencies: ["SkiffPluginABI", "SkiffAPI"],
            swiftSettings: strictSettings
        ),
        // Loads plugins, checks their handshake, serves their host tables, runs controllers.
        .target(
            name: "SkiffPluginHost",
            dependencies: [
                "SkiffPluginABI",
                "SkiffClient",
                "SkiffAPI",
                // The node runtime's wire types, shared with the SDK's plugin side.
                "SkiffPluginKit",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // Runs the controller plugins (with leader election).
        .target(
            name: "SkiffControllerManager",
            dependencies: [
                "SkiffClient",
                "SkiffPluginHost",
                "SkiffAPI",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        // The node agent core (kubelet): pod workers, status, probes, logs, over a runtime plugin.
        .target(
            name: "SkiffKubelet",
            dependencies: [
                "SkiffAPI",
                "SkiffClient",
                "SkiffPluginHost",
                "SkiffPluginKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "X509", package: "swift-certificates"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "SwiftASN1", package: "swift-asn1"),
            ],
            swiftSettings: strictSettings
        ),
        // The scheduler: queue, cache, profiles and the framework over loaded scheduler plugin sets.
        .target(
            name: "SkiffScheduler",
            dependencies: [
                "SkiffAPI",
                "SkiffClient",
                "SkiffPluginHost",
                "SkiffPluginABI",
                // The extension points' names, shared with the SDK's plugin side.
                "SkiffPluginKit",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "DequeModule", package: "swift-collections"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        // kube-scheduler's default plugins over one cluster model (pure, table-tested); the
        // DefaultSchedulerPlugins set exports them.
        .target(
            name: "SkiffSchedulerPlugins",
            dependencies: ["SkiffAPI", "SkiffPluginKit"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "DefaultSchedulerPlugins",
            dependencies: ["SkiffPluginKit", "SkiffSchedulerPlugins"],
            path: "Plugins/DefaultSchedulerPlugins",
            swiftSettings: strictSettings
        ),
        // Decision logic shared by the workload controllers (pure, table-tested).
        .target(
            name: "SkiffWorkloads",
            dependencies: ["SkiffAPI"],
            swiftSettings: strictSettings
        ),
        .target(
            name: "ReplicaSetController",
            dependencies: ["SkiffPluginKit", "SkiffWorkloads"],
            path: "Plugins/ReplicaSetController",
            swiftSettings: strictSettings
        ),
        .target(
            name: "DeploymentController",
            dependencies: ["SkiffPluginKit", "SkiffWorkloads"],
            path: "Plugins/DeploymentController",
            swiftSettings: strictSettings
        ),
        .target(
            name: "GarbageCollector",
            dependencies: ["SkiffPluginKit"],
            path: "Plugins/GarbageCollector",
            swiftSettings: strictSettings
        ),
        .target(
            name: "NodeLifecycleController",
            dependencies: ["SkiffPluginKit", "SkiffWorkloads"],
            path: "Plugins/NodeLifecycleController",
            swiftSettings: strictSettings
        ),
        .target(
            name: "SimulatedRuntime",
            dependencies: ["SkiffPluginKit"],
            path: "Plugins/SimulatedRuntime",
            swiftSettings: strictSettings
        ),
        .target(
            name: "ProcessRuntime",
            dependencies: ["SkiffPluginKit"],
            path: "Plugins/ProcessRuntime",
            swiftSettings: strictSettings
        ),
        .target(
            name: "NamespaceController",
            dependencies: ["SkiffPluginKit"],
            path: "Plugins/NamespaceController",
            swiftSettings: strictSettings
        ),
        // Example: a controller in Swift keeping a ConfigMap per namespace that counts its pods by phase.
        .target(
            name: "PodSummaryController",
            dependencies: ["SkiffPluginKit"],
            path: "Plugins/Examples/PodSummaryController",
            swiftSettings: strictSettings
        ),
        // Example: an out-of-tree scheduler plugin set in Swift (a Score and a Filter on a node label).
        .target(
            name: "NodeLabelScore",
            dependencies: ["SkiffPluginKit"],
            path: "Plugins/Examples/NodeLabelScore",
            swiftSettings: strictSettings
        ),
        // Test support: a store and API server in the test process.
        .target(
            name: "SkiffTestSupport",
            dependencies: [
                "SkiffStore",
                "SkiffAPIServer",
                "SkiffClient",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            path: "Tests/SkiffTestSupport",
            swiftSettings: strictSettings
        ),
        // History queries over the store (read-only) and their rendering.
        .target(
            name: "SkiffHistory",
            dependencies: [
                "SkiffStore",
                "SkiffAPI",
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "skiff",
            dependencies: [
                "SkiffStore",
                "SkiffHistory",
                "SkiffAPI",
                "SkiffAPIServer",
                "SkiffClient",
                "SkiffPluginHost",
                "SkiffControllerManager",
                "SkiffScheduler",
                "SkiffKubelet",
                "SkiffEtcdServer",
                "SkiffEtcdStore",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "skiff-bench",
            dependencies: [
                "SkiffStore",
                "SkiffHistory",
                "SkiffAPI",
                "SkiffAPIServer",
                "SkiffClient",
                "SkiffPluginHost",
                "SkiffControllerManager",
                "SkiffScheduler",
                "SkiffKubelet",
                "CSQLite",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffAPITests",
            dependencies: ["SkiffAPI"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffAPIServerTests",
            dependencies: ["SkiffAPIServer", "SkiffAPI", "SkiffHistory", "SkiffTestSupport", "skiff"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffClientTests",
            dependencies: ["SkiffClient", "SkiffAPI", "SkiffTestSupport", "skiff"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffPluginHostTests",
            dependencies: [
                "SkiffPluginHost", "SkiffControllerManager", "SkiffClient", "SkiffAPI", "SkiffPluginABI",
                "SkiffTestSupport", "SkiffHistory", "skiff",
            ],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffWorkloadsTests",
            dependencies: [
                "SkiffWorkloads", "SkiffPluginHost", "SkiffControllerManager", "SkiffClient", "SkiffAPI",
                "SkiffTestSupport", "skiff",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffSchedulerPluginsTests",
            dependencies: ["SkiffSchedulerPlugins", "SkiffPluginKit", "SkiffAPI"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffSchedulerTests",
            dependencies: [
                "SkiffScheduler", "SkiffPluginHost", "SkiffPluginKit", "SkiffClient", "SkiffAPI", "SkiffTestSupport",
                "skiff",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffKubeletTests",
            dependencies: [
                "SkiffKubelet", "SkiffPluginHost", "SkiffPluginKit", "SkiffClient", "SkiffAPI", "SkiffTestSupport",
                "skiff",
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "ProcessRuntimeTests",
            dependencies: ["ProcessRuntime", "SkiffTestSupport"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffIntegrationTests",
            dependencies: ["SkiffTestSupport", "skiff"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffHistoryTests",
            dependencies: ["SkiffHistory", "SkiffAPI", "SkiffStore", "SkiffTestSupport", "skiff"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffEtcdServerTests",
            dependencies: [
                "SkiffEtcdServer", "SkiffEtcdAPI", "SkiffStore", "SkiffTestSupport", "skiff",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffEtcdStoreTests",
            dependencies: ["SkiffEtcdStore", "SkiffStore", "SkiffTestSupport", "SkiffClient", "SkiffAPI", "skiff"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffStoreTests",
            dependencies: [
                "SkiffStore",
                "SkiffMigrations",
                "CSQLite",
                "skiff",
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
