// swift-tools-version:6.0
import PackageDescription
import Foundation

// Code generation for the build machine's vector width. The numerical targets are compiled for
// the Haswell instruction set (AVX2, FMA, BMI2 — 4 Double lanes instead of SSE2's 2) when the machine that builds
// them has it, like `-march=native`; the binary then runs only on such machines. Results are
// bit-identical either way: no code relies on fused multiply-adds (FastMath.swift) and OpenBLAS
// picks its kernels at run time regardless. `GRADPATH_PORTABLE=1` forces the baseline x86-64.
let nativeVectorFlags: [SwiftSetting] = {
    #if arch(x86_64) && os(Linux)
    if ProcessInfo.processInfo.environment["GRADPATH_PORTABLE"] == "1" { return [] }
    guard let cpu = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
          let flagsLine = cpu.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return [] }
    let flags = Set(flagsLine.split(separator: " ").map(String.init))
    let v3: Set = ["avx", "avx2", "bmi1", "bmi2", "f16c", "fma", "abm", "movbe", "xsave"]
    return v3.isSubset(of: flags) ? [.unsafeFlags(["-target-cpu", "haswell"])] : []
    #else
    return []
    #endif
}()

// Targets, bottom first (dependencies point one way only):
//   Formats (JSON, safe file input and names; no dependency)
//   CLAPACKE (system library) → LinearAlgebra → Recurrent → Instrumentation, ModelImport (+ Formats)
//   → Reporting (+ Formats) → Experiments → gradpath
// Only LinearAlgebra imports CLAPACKE.
let package = Package(
    name: "GradPath",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gradpath", targets: ["gradpath"]),
        .library(name: "Formats", targets: ["Formats"]),
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
        .target(name: "Formats"),
        .target(name: "LinearAlgebra", dependencies: ["CLAPACKE"], swiftSettings: nativeVectorFlags),
        .target(name: "Recurrent", dependencies: ["LinearAlgebra"], swiftSettings: nativeVectorFlags),
        .target(name: "Instrumentation", dependencies: ["Recurrent", "LinearAlgebra"]),
        .target(name: "ModelImport", dependencies: ["Formats", "Recurrent", "LinearAlgebra"]),
        .target(name: "Training", dependencies: ["Instrumentation", "Recurrent", "LinearAlgebra"]),
        .target(name: "Reporting", dependencies: ["Formats", "LinearAlgebra"]),
        .target(name: "Experiments", dependencies: ["Formats", "Training", "Instrumentation", "ModelImport", "Recurrent", "Reporting", "LinearAlgebra"]),
        .executableTarget(
            name: "gradpath",
            dependencies: [
                "Experiments", "Formats", "Instrumentation", "ModelImport", "Recurrent", "Reporting", "LinearAlgebra",
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
        .testTarget(name: "ExperimentsTests", dependencies: ["Experiments", "Formats", "Instrumentation", "ModelImport", "Reporting", "Recurrent", "LinearAlgebra"]),
        .testTarget(name: "GradPathTests", dependencies: ["Experiments", "ModelImport", "Reporting", "Recurrent", "gradpath"]),
    ]
)
