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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-collections", from: "1.6.0"),
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
        .executableTarget(
            name: "skiff",
            dependencies: [
                "SkiffStore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "skiff-bench",
            dependencies: [
                "SkiffStore",
                "CSQLite",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
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
