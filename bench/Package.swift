// swift-tools-version:6.0
import PackageDescription

// Benchmarks live in their own package so `swift build` / `swift test` at the root never
// compile them (and CI does not run them). Run with ../bench/run-store.sh.
let package = Package(
    name: "PlexusBenchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [.package(name: "Plexus", path: "..")],
    targets: [
        .executableTarget(
            name: "store-bench",
            dependencies: [
                .product(name: "ConnectomeStore", package: "Plexus"),
                .product(name: "ConnectomeImport", package: "Plexus"),
                .product(name: "ConnectomeCore", package: "Plexus"),
            ]),
        .executableTarget(
            name: "scale-bench",
            dependencies: [
                .product(name: "ConnectomeStore", package: "Plexus"),
                .product(name: "ConnectomeCore", package: "Plexus"),
            ]),
    ]
)
