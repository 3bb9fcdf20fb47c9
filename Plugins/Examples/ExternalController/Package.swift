// swift-tools-version:6.1
// A controller plugin built outside the Skiff repository, against the SDK only.
// `SKIFF_PATH` points at a Skiff checkout (default: this example's place inside one).
import Foundation
import PackageDescription

let skiff = ProcessInfo.processInfo.environment["SKIFF_PATH"] ?? "../../.."

let package = Package(
    name: "WelcomeController",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "WelcomeController", type: .dynamic, targets: ["WelcomeController"])
    ],
    dependencies: [
        .package(name: "skiff", path: skiff)
    ],
    targets: [
        .target(
            name: "WelcomeController",
            dependencies: [.product(name: "SkiffPluginKit", package: "skiff")]
        )
    ],
    swiftLanguageModes: [.v6]
)
