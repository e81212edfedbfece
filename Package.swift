// swift-tools-version:6.0
import PackageDescription

// Layers (see docs/ARCHITECTURE.md): the CLI depends on everything below it; the
// store and importers depend on the HDF5 wrapper and core types; core types depend on nothing.
let package = Package(
    name: "Plexus",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "plexus", targets: ["plexus"]),
        .library(name: "ConnectomeCore", targets: ["ConnectomeCore"]),
        .library(name: "ConnectomeStore", targets: ["ConnectomeStore"]),
        .library(name: "ConnectomeImport", targets: ["ConnectomeImport"]),
        .library(name: "ConnectomeGenerate", targets: ["ConnectomeGenerate"]),
        .library(name: "SpikingEngine", targets: ["SpikingEngine"]),
        .library(name: "NetworkModels", targets: ["NetworkModels"]),
        .library(name: "StoreAdapter", targets: ["StoreAdapter"]),
        .library(name: "CElegans", targets: ["CElegans"]),
        .library(name: "Workflows", targets: ["Workflows"]),
        .library(name: "NeuralCompare", targets: ["NeuralCompare"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // Layer 0: C libraries and plain value types.
        .systemLibrary(
            name: "CHDF5", path: "Sources/CHDF5", pkgConfig: "hdf5-serial",
            providers: [.apt(["libhdf5-dev"])]),
        // GSL and OpenBLAS share one module: importing OpenBLAS's cblas.h next to GSL's
        // headers gives conflicting CBLAS enum definitions (see TOOLCHAIN.md).
        .systemLibrary(
            name: "CGSL", path: "Sources/CGSL",
            providers: [.apt(["libgsl-dev", "libopenblas-dev"])]),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", providers: [.apt(["zlib1g-dev"])]),
        // cairo for the PNG versions of plots (fonts through fontconfig; DejaVu Sans installed by install-deps).
        .systemLibrary(name: "CCairo", path: "Sources/CCairo", pkgConfig: "cairo", providers: [.apt(["libcairo2-dev"])]),
        // OpenSSL's libcrypto for SHA-256 (a system library costs no compile time, unlike swift-crypto).
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .target(name: "ConnectomeCore"),

        // Layer 1: the HDF5 wrapper, the store, importers and exporters.
        .target(name: "HDF5", dependencies: ["CHDF5", "CZlib"]),
        .target(name: "ConnectomeStore", dependencies: ["ConnectomeCore", "HDF5", "CGSL"]),
        .target(name: "ConnectomeImport", dependencies: ["ConnectomeCore", "ConnectomeStore", "HDF5", "COpenSSL"]),
        // The engine sees networks only through NetworkRecipe: it never imports HDF5.
        .target(name: "ConnectomeGenerate", dependencies: ["ConnectomeCore", "ConnectomeStore"]),
        .target(name: "SpikingEngine", dependencies: ["ConnectomeCore", "CGSL"]),

        // Brains against models: encoding models and RSA on BLAS/LAPACK; reads matrices from
        // CSV, NPY and HDF5.
        .target(name: "NeuralCompare", dependencies: ["CGSL", "HDF5", "ConnectomeCore"]),

        // Model files, the builder, generated networks and connectome projections: recipes for the engine.
        .target(name: "NetworkModels", dependencies: ["SpikingEngine", "ConnectomeCore"]),
        // The C. elegans models (graded and spiking), their protocols and analyses.
        .target(name: "CElegans", dependencies: ["NetworkModels", "SpikingEngine", "ConnectomeCore"]),

        // Layer 2: adapters between the engine, the store and files.
        .target(name: "SpikeIO", dependencies: ["SpikingEngine", "ConnectomeCore", "HDF5", "CCairo"]),
        // The store → engine adapter: stored connectomes as ConnectomeProvider (DESIGN.md's StoreRecipe).
        .target(name: "StoreAdapter", dependencies: ["ConnectomeStore", "NetworkModels", "SpikingEngine", "ConnectomeCore"]),

        // Workflows: a run from built inputs to its files (simulations, the worms, perturbation
        // maps, saving learned weights), callable and testable without the CLI.
        .target(name: "Workflows", dependencies: ["CElegans", "NetworkModels", "StoreAdapter", "SpikeIO", "SpikingEngine", "ConnectomeStore",
                                                  "ConnectomeImport", "ConnectomeCore", "HDF5", "NeuralCompare"]),

        // Layer 3: the command-line tool.
        .executableTarget(
            name: "plexus",
            dependencies: [
                "ConnectomeCore", "ConnectomeStore", "ConnectomeImport", "ConnectomeGenerate", "SpikingEngine", "NetworkModels", "StoreAdapter", "SpikeIO", "NeuralCompare", "CElegans", "Workflows",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),

        // Helpers shared by the test targets (seeded generators).
        .target(name: "_TestSupport", path: "Tests/_TestSupport"),
        .testTarget(name: "ConnectomeCoreTests", dependencies: ["ConnectomeCore", "_TestSupport"]),
        .testTarget(
            name: "ConnectomeStoreTests",
            dependencies: ["ConnectomeCore", "ConnectomeStore", "ConnectomeImport", "HDF5", "CGSL", "_TestSupport"],
            resources: [.copy("Fixtures")]),
        .testTarget(name: "ConnectomeGenerateTests", dependencies: ["ConnectomeGenerate", "ConnectomeStore", "ConnectomeCore", "StoreAdapter", "SpikingEngine", "NetworkModels"]),
        .testTarget(name: "SpikingEngineTests", dependencies: ["SpikingEngine", "NetworkModels", "ConnectomeCore", "CGSL", "_TestSupport"]),
        .testTarget(name: "NeuralCompareTests", dependencies: ["NeuralCompare", "_TestSupport"], resources: [.copy("Fixtures")]),
        .testTarget(name: "HDF5Tests", dependencies: ["HDF5", "_TestSupport"]),
        .testTarget(name: "ConnectomeImportTests", dependencies: ["ConnectomeCore", "ConnectomeImport", "ConnectomeStore", "_TestSupport"]),
        .testTarget(name: "SpikeIOTests", dependencies: ["SpikeIO", "SpikingEngine", "HDF5", "_TestSupport"]),
        .testTarget(name: "CElegansTests", dependencies: ["CElegans", "NetworkModels", "SpikingEngine", "ConnectomeCore"]),
        .testTarget(name: "WorkflowsTests", dependencies: ["Workflows", "CElegans", "NetworkModels", "SpikingEngine", "ConnectomeCore", "_TestSupport"]),
        .testTarget(name: "CLITests", dependencies: ["plexus", "CZlib"]),
    ]
)
