// swift-tools-version:6.0
import PackageDescription

// Targets, bottom first (dependencies point one way only):
//   CLAPACKE (system library) → LinearAlgebra → Recurrent → Instrumentation, ModelImport
//   → Reporting → Experiments → gradpath
// Only LinearAlgebra imports CLAPACKE.
let package = Package(
    name: "GradPath",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gradpath", targets: ["gradpath"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Recurrent", targets: ["Recurrent"]),
        .library(name: "Instrumentation", targets: ["Instrumentation"]),
        .library(name: "ModelImport", targets: ["ModelImport"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACKE"]),
        .target(name: "Recurrent", dependencies: ["LinearAlgebra"]),
        .target(name: "Instrumentation", dependencies: ["Recurrent", "LinearAlgebra"]),
        .target(name: "ModelImport", dependencies: ["Recurrent", "LinearAlgebra"]),
        .target(name: "Training", dependencies: ["Instrumentation", "Recurrent", "LinearAlgebra"]),
        .target(name: "Reporting", dependencies: ["LinearAlgebra"]),
        .target(name: "Experiments", dependencies: ["Training", "Instrumentation", "ModelImport", "Recurrent", "Reporting", "LinearAlgebra"]),
        .executableTarget(
            name: "gradpath",
            dependencies: [
                "Experiments", "Instrumentation", "ModelImport", "Recurrent", "Reporting", "LinearAlgebra",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "RecurrentTests", dependencies: ["Recurrent", "LinearAlgebra"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "InstrumentationTests", dependencies: ["Instrumentation", "ModelImport", "Recurrent", "LinearAlgebra"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "TrainingTests", dependencies: ["Training", "Instrumentation", "Recurrent", "LinearAlgebra"],
                    resources: [.copy("Fixtures")]),
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Reporting", "Recurrent"]),
        .testTarget(name: "GradPathTests", dependencies: ["Experiments", "ModelImport", "Reporting", "Recurrent", "gradpath"]),
    ]
)
