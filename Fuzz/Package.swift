// swift-tools-version:6.0
// libFuzzer targets for wmdoctor (see Fuzz/README.md). A separate package so
// the sanitizer flags touch only these builds: its library targets are the
// main package's sources, through symbolic links in Sources/ and Plugins/.
import PackageDescription

/// Coverage instrumentation (and AddressSanitizer) for every fuzzed module.
let instrumented: [SwiftSetting] = [.unsafeFlags(["-sanitize=fuzzer,address"])]
/// A fuzz target: its main.swift runs libFuzzer's driver (LLVMFuzzerRunDriver).
let entry: [SwiftSetting] = instrumented
let link: [LinkerSetting] = [.unsafeFlags(["-sanitize=fuzzer,address", "-use-ld=lld"])]

let package = Package(
    name: "wmdoctor-fuzz",
    platforms: [.macOS(.v13)],
    targets: [
        .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1"),
        .systemLibrary(name: "CMalloc"),
        .target(name: "CEL", swiftSettings: instrumented),
        .target(name: "WMDoctorKit", dependencies: ["CYAML", "CMalloc", "CEL"], swiftSettings: instrumented, plugins: ["EmbedRules"]),
        .executableTarget(name: "embed-rules"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
        .target(name: "FuzzDriver", path: "Targets/FuzzDriver"),
        .executableTarget(name: "fuzz-yaml", dependencies: ["WMDoctorKit", "FuzzDriver"], path: "Targets/fuzz-yaml", swiftSettings: entry, linkerSettings: link),
        .executableTarget(name: "fuzz-loader", dependencies: ["WMDoctorKit", "FuzzDriver"], path: "Targets/fuzz-loader", swiftSettings: entry, linkerSettings: link),
        .executableTarget(name: "fuzz-cel", dependencies: ["CEL", "FuzzDriver"], path: "Targets/fuzz-cel", swiftSettings: entry, linkerSettings: link),
        .executableTarget(name: "fuzz-rules", dependencies: ["WMDoctorKit", "FuzzDriver"], path: "Targets/fuzz-rules", swiftSettings: entry, linkerSettings: link),
    ]
)
