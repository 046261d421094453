// swift-tools-version:6.0
import PackageDescription

#if arch(x86_64)
// The encoder's vector kernels need AVX2 and FMA (Intel since Haswell, 2013; AMD since Excavator, 2015); without
// a target CPU, Swift's SIMD types fall back to SSE2 and fused multiply-add becomes a library call.
// Only HeardML is built this way.
let vectorKernelSettings: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let vectorKernelSettings: [SwiftSetting] = []
#endif

let package = Package(
    name: "Heard",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "heard", targets: ["heard"]),
        .library(name: "HeardEngine", targets: ["HeardEngine"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth", from: "2.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .target(name: "HeardModel"),
        .target(name: "HeardStats", dependencies: ["HeardModel"]),
        // Header-only: `__builtin_prefetch` for the sentiment scorer's table lookups.
        .systemLibrary(name: "CPrefetch"),
        .target(name: "HeardText", dependencies: ["HeardModel", "HeardStats", "CPrefetch"]),
        // OpenBLAS from the system (Debian: libopenblas-dev), for the encoder's matrix products.
        .systemLibrary(name: "COpenBLAS", providers: [.apt(["libopenblas-dev"])]),
        .target(name: "HeardML", dependencies: ["COpenBLAS"], swiftSettings: vectorKernelSettings),
        .target(name: "HeardStore", dependencies: [
            "HeardModel",
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(
            name: "HeardEngine",
            dependencies: [
                "HeardModel", "HeardStats", "HeardStore", "HeardText", "HeardML",
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Sample"), .copy("Models")]
        ),
        .target(name: "HeardDashboard", dependencies: ["HeardEngine", "HeardModel", "HeardStore", "HeardStats"],
                resources: [.copy("Static")]),
        .target(name: "HeardServer", dependencies: [
            "HeardEngine", "HeardModel", "HeardStore", "HeardDashboard", "HeardML",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .executableTarget(name: "heard", dependencies: [
            "HeardEngine", "HeardML", "HeardServer",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .testTarget(
            name: "HeardTests",
            dependencies: ["HeardModel", "HeardStats", "HeardStore", "HeardText", "HeardML", "HeardEngine", "HeardDashboard",
                           "HeardServer", "heard", .product(name: "HummingbirdTesting", package: "hummingbird"),
                           .product(name: "GRDB", package: "GRDB.swift")],
            exclude: ["Fixtures"]
        ),
    ]
)
