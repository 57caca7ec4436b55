// swift-tools-version:6.0
import PackageDescription
import Foundation

// Code generation for the build machine's vector width, opt-in: with `GRADPATH_NATIVE=1` in the
// environment (the Makefile sets it for `make run`, `make bench` and `make release`), the
// numerical targets are compiled for the Haswell instruction set (AVX2, FMA, BMI2 — 4 Double lanes
// instead of SSE2's 2) when the building machine has it; the binary then runs only on such
// machines. Results are bit-identical either way: no code relies on fused multiply-adds
// (FastMath.swift) and OpenBLAS picks its kernels at run time regardless. The default build is
// portable and uses no `unsafeFlags`, so these libraries can be a dependency of another package
// (SwiftPM refuses unsafe flags in a dependency). README, Performance, gives the difference.
let nativeVectorFlags: [SwiftSetting] = {
    #if arch(x86_64) && os(Linux)
    guard ProcessInfo.processInfo.environment["GRADPATH_NATIVE"] == "1" else { return [] }
    guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
        let flagsLine = cpu.split(separator: "\n").first(where: { $0.hasPrefix("flags") })
    else { return [] }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    let v3: Set = ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"]
    return v3.isSubset(of: flags) ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
    #else
    return []
    #endif
}()

// The commit `gradpath --version` names: GRADPATH_COMMIT from the environment (the Makefile sets it
// from `git describe --always --dirty` for make release, make run and make install), letters,
// digits and '-' only; without it the binary says "unknown". Only the CBuildInfo target sees it.
let buildCommit: [CSetting] = {
    guard let c = ProcessInfo.processInfo.environment["GRADPATH_COMMIT"], !c.isEmpty, c.count <= 64,
        c.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") })
    else { return [] }
    return [.define("GRADPATH_COMMIT", to: c)]
}()

// Targets in their one-way order (each depends only on targets above it):
//   Formats          JSON, checked file input, safe names, memory limits (no dependency)
//   Statistics       Wilson and Student-t intervals, verdicts, censored quantiles (no dependency)
//   CLAPACKE         system library: LAPACKE and OpenBLAS's CBLAS
//   CHDF5            system library: libhdf5 (serial), for Keras weight files
//   LinearAlgebra    Matrix, BLAS, SVD/eigenvalues/QR, scaled norms (CLAPACKE)
//   Recurrent        cells, networks, exact BPTT, initialisers (LinearAlgebra)
//   FeedForward      deep feed-forward nets (plain, residual, highway, dense), exact backward, Jacobian products (LinearAlgebra)
//   Instrumentation  spectra, Jacobian products, diagnosis, probes (Recurrent)
//   ModelImport      safetensors, PyTorch state_dicts, Keras weights (Recurrent, Formats, CHDF5)
//   Training         tasks, readouts, optimisers, clipping, Pascanu's Ω, the loop (Recurrent)
//   Reporting        output folder and swap, CSV, figures, number formats (Formats)
//   Analysis         `Analysis` (load, probe, write), flow tables, the writer (Instrumentation, ModelImport, Reporting)
//   Experiments      specs, runners, shards, report builder (Analysis, Training, ModelImport, Statistics, FeedForward)
//   Benchmarks       `gradpath bench` (Training, Instrumentation, Analysis)
//   CBuildInfo       the commit the binary was built from (C, no dependency)
//   gradpath         the command-line tool
// Only LinearAlgebra imports CLAPACKE; only ModelImport imports CHDF5. Instrumentation, ModelImport and Training are siblings.
let package = Package(
    name: "GradPath",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gradpath", targets: ["gradpath"]),
        .library(name: "Formats", targets: ["Formats"]),
        .library(name: "Statistics", targets: ["Statistics"]),
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Recurrent", targets: ["Recurrent"]),
        .library(name: "FeedForward", targets: ["FeedForward"]),
        .library(name: "Instrumentation", targets: ["Instrumentation"]),
        .library(name: "ModelImport", targets: ["ModelImport"]),
        .library(name: "Training", targets: ["Training"]),
        .library(name: "Reporting", targets: ["Reporting"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "Benchmarks", targets: ["Benchmarks"]),
        .library(name: "Experiments", targets: ["Experiments"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
    ],
    targets: [
        .systemLibrary(
            name: "CLAPACKE",
            pkgConfig: "lapacke",
            providers: [.apt(["liblapacke-dev", "libopenblas-dev"])]
        ),
        .systemLibrary(
            name: "CHDF5",
            providers: [.apt(["libhdf5-dev"])]
        ),
        .target(name: "Formats"),
        .target(name: "Statistics"),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACKE"], swiftSettings: nativeVectorFlags),
        .target(name: "Recurrent", dependencies: ["LinearAlgebra"], swiftSettings: nativeVectorFlags),
        .target(name: "FeedForward", dependencies: ["LinearAlgebra"], swiftSettings: nativeVectorFlags),
        .target(name: "Instrumentation", dependencies: ["Recurrent", "LinearAlgebra"]),
        .target(name: "ModelImport", dependencies: ["Formats", "Recurrent", "LinearAlgebra", "CHDF5"]),
        .target(name: "Training", dependencies: ["Recurrent", "LinearAlgebra"]),
        .target(name: "Reporting", dependencies: ["Formats"]),
        .target(
            name: "Analysis",
            dependencies: ["Formats", "Instrumentation", "ModelImport", "Reporting", "Recurrent", "LinearAlgebra"]),
        .target(
            name: "Experiments",
            dependencies: [
                "Analysis", "Formats", "Training", "Instrumentation", "ModelImport", "Recurrent", "Reporting",
                "LinearAlgebra", "Statistics", "FeedForward",
            ]),
        .target(
            name: "Benchmarks",
            dependencies: [
                "Training", "Recurrent", "LinearAlgebra", "Instrumentation", "Analysis", "ModelImport", "Formats",
            ]),
        .target(name: "CBuildInfo", cSettings: buildCommit),
        .executableTarget(
            name: "gradpath",
            dependencies: [
                "Analysis", "Benchmarks", "CBuildInfo", "Experiments", "Formats", "Instrumentation", "ModelImport",
                "Recurrent", "Reporting", "LinearAlgebra",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(name: "FeedForwardTests", dependencies: ["FeedForward", "LinearAlgebra"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics"], resources: [.copy("Fixtures")]),
        .testTarget(
            name: "RecurrentTests", dependencies: ["Recurrent", "LinearAlgebra"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "InstrumentationTests",
            dependencies: ["Instrumentation", "ModelImport", "Recurrent", "LinearAlgebra"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "TrainingTests", dependencies: ["Training", "Instrumentation", "Recurrent", "LinearAlgebra"],
            resources: [.copy("Fixtures")]),
        .testTarget(
            name: "ExperimentsTests",
            dependencies: [
                "Analysis", "Experiments", "Formats", "Instrumentation", "ModelImport", "Reporting", "Recurrent",
                "LinearAlgebra",
            ]),
        .testTarget(
            name: "GradPathTests",
            dependencies: [
                "Analysis", "Benchmarks", "Experiments", "ModelImport", "Reporting", "Recurrent", "gradpath",
            ]),
    ]
)
