// swift-tools-version:6.0
import PackageDescription

// Values such as a YAML node, an optional of one, or a CEL value are copied
// and destroyed in line: with the compiler's type-layout lowering (its
// default), an optional of a struct that holds an enum with several payloads
// is copied through the type's value witnesses, a call through its metadata
// and the runtime's generic copy of each field (docs/STREAMING.md, session 26).
let inlineCopies: [SwiftSetting] = [.unsafeFlags(["-Xfrontend", "-disable-type-layout"])]

let package = Package(
    name: "wmdoctor",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "wmdoctor", targets: ["wmdoctor"]),
        .library(name: "WMDoctorKit", targets: ["WMDoctorKit"]),
        .library(name: "CEL", targets: ["CEL"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        // libyaml, through pkg-config. Debian: libyaml-dev; Homebrew: libyaml.
        .systemLibrary(
            name: "CYAML",
            pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"]), .brew(["libyaml"])]
        ),
        // glibc's <malloc.h> (mallopt), for how freed memory goes back (MemoryPolicy). No library to link.
        .systemLibrary(name: "CMalloc"),
        // libyaml's small allocations from a pool (its yaml_malloc and yaml_free
        // replaced): for wmdoctor and the tests, not wmbench, whose scan is bare libyaml.
        // DWARF 4, as the Swift targets: valgrind (BENCHMARKS.md) refuses a binary with clang's DWARF 5.
        .target(name: "YAMLPool", cSettings: [.unsafeFlags(["-gdwarf-4"])]),
        // The rule expression language: a CEL subset, self-contained.
        .target(name: "CEL", swiftSettings: inlineCopies),
        // The engine: YAML layer, workspace model, bindings, findings, reporters.
        .target(
            name: "WMDoctorKit",
            dependencies: ["CYAML", "CMalloc", "CEL"],
            swiftSettings: inlineCopies,
            plugins: ["EmbedRules"]
        ),
        // Rules/ (rules and app catalog) embedded at build time: the binary is self-contained.
        .executableTarget(name: "embed-rules"),
        .plugin(name: "EmbedRules", capability: .buildTool(), dependencies: ["embed-rules"]),
        // The command-line tool: only wiring.
        .executableTarget(
            name: "wmdoctor",
            dependencies: [
                "WMDoctorKit",
                "CEL",
                "YAMLPool",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: inlineCopies
        ),
        // Benchmark companion: synthetic exports, bare libyaml scan, loader timing.
        .executableTarget(name: "wmbench", dependencies: ["CYAML", "WMDoctorKit"]),
        // Micro-benchmark of expression evaluation (docs/CEL.md).
        .executableTarget(name: "cel-bench", dependencies: ["CEL"]),
        .testTarget(name: "CELTests", dependencies: ["CEL"]),
        .testTarget(
            name: "WMDoctorKitTests",
            dependencies: ["WMDoctorKit", "YAMLPool", "CYAML"]
        ),
    ]
)
