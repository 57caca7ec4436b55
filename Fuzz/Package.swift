// swift-tools-version:6.0
// libFuzzer targets for GradPath's input readers (see `scripts/fuzz.sh` and the README's
// "Guarantees" section). Built only with the fuzzer's flags:
//   swift build --package-path Fuzz --scratch-path .build-fuzz \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -use-ld=lld
import PackageDescription

let package = Package(
    name: "GradPathFuzz",
    dependencies: [.package(name: "GradPath", path: "..")],
    targets: [
        .target(name: "CFuzzer"),
        .executableTarget(
            name: "FuzzSafetensors",
            dependencies: [
                "CFuzzer", .product(name: "Experiments", package: "GradPath"),
            ]),
        .executableTarget(
            name: "FuzzSpec",
            dependencies: [
                "CFuzzer", .product(name: "Experiments", package: "GradPath"),
            ]),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [
                "CFuzzer", .product(name: "Experiments", package: "GradPath"),
            ]),
    ]
)
