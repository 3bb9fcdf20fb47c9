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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
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
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "DequeModule", package: "swift-collections"),
            ],
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
                "CSQLite",
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
            dependencies: ["SkiffAPIServer", "SkiffAPI", "skiff"],
            exclude: ["Fixtures"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "SkiffHistoryTests",
            dependencies: ["SkiffHistory", "SkiffAPI", "SkiffStore", "skiff"],
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
