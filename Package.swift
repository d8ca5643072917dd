// swift-tools-version: 6.1
import PackageDescription

/// Settings every target shares: Swift 6 mode is the package default; these add the upcoming checks
/// the house style asks for.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "dicom-console",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "dicom-console", targets: ["dicom-console"]),
        .library(name: "DICOM", targets: ["DICOM"]),
        .library(name: "ObjectStorage", targets: ["ObjectStorage"]),
        .library(name: "DICOMImaging", targets: ["DICOMImaging"]),
        .library(name: "DicomStore", targets: ["DicomStore"]),
        .library(name: "HealthcareClient", targets: ["HealthcareClient"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        // No default traits: the configuration-file support would add a package to every clean build.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.14.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .systemLibrary(name: "CPosixExtras", path: "Sources/CPosixExtras"),
        .systemLibrary(name: "CNCurses", path: "Sources/CNCurses"),
        .systemLibrary(name: "CXXHash", path: "Sources/CXXHash"),
        .target(name: "DICOM", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        .target(
            name: "CCodecs",
            linkerSettings: [
                .linkedLibrary("jpeg"), .linkedLibrary("turbojpeg"), .linkedLibrary("png"),
                .linkedLibrary("openjp2"), .linkedLibrary("charls"), .linkedLibrary("z"),
            ]
        ),
        .target(
            name: "CDCMTKCodecs",
            linkerSettings: [
                .linkedLibrary("dcmjpeg"), .linkedLibrary("ijg8"), .linkedLibrary("ijg12"), .linkedLibrary("ijg16"),
                .linkedLibrary("dcmimgle"), .linkedLibrary("dcmdata"), .linkedLibrary("oflog"), .linkedLibrary("ofstd"),
                .linkedLibrary("stdc++"),
            ]
        ),
        .target(name: "DICOMImaging", dependencies: ["DICOM", "CCodecs", "CDCMTKCodecs"], swiftSettings: swiftSettings),
        .target(
            name: "ObjectStorage",
            dependencies: [
                "CPosixExtras",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "DicomStore",
            dependencies: [
                "DICOM", "DICOMImaging", "ObjectStorage", "CPosixExtras", "CXXHash",
                .product(name: "GRDB", package: "GRDB.swift"),
                // Its thread pool runs imports' blocking steps (already built for AsyncHTTPClient).
                .product(name: "NIOPosix", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HealthcareClient",
            dependencies: [
                "DICOM", "ObjectStorage", "DicomStore",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "Console",
            dependencies: ["DICOM", "ObjectStorage", "DicomStore", "CNCurses"],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "HealthcareServer",
            dependencies: [
                "DICOM", "DICOMImaging", "ObjectStorage", "DicomStore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "dicom-console",
            dependencies: [
                "DICOM", "ObjectStorage", "DicomStore", "Console", "HealthcareClient", "HealthcareServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        // Shared by the test targets: the corpus, the built binary, running programs.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: swiftSettings),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM", "TestSupport"], exclude: ["Resources"], swiftSettings: swiftSettings),
        .testTarget(name: "ConsoleTests", dependencies: ["TestSupport", "Console", "DicomStore", "ObjectStorage", "DICOM", "CNCurses"], swiftSettings: swiftSettings),
        .testTarget(name: "DICOMImagingTests", dependencies: ["TestSupport", "DICOMImaging", "DICOM"], swiftSettings: swiftSettings),
        .testTarget(name: "DicomStoreTests", dependencies: ["TestSupport", "DicomStore", "ObjectStorage", "DICOM", "DICOMImaging", .product(name: "GRDB", package: "GRDB.swift")],
                    swiftSettings: swiftSettings),
        .testTarget(name: "HealthcareClientTests", dependencies: ["HealthcareClient", "TestSupport", "DicomStore", "ObjectStorage", "DICOM"],
                    exclude: ["Support/healthcare_test_server.py"], swiftSettings: swiftSettings),
        .testTarget(name: "HealthcareServerTests",
                    dependencies: ["HealthcareServer", "TestSupport", "DicomStore", "ObjectStorage", "DICOM",
                                   .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                   .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOHTTP1", package: "swift-nio")],
                    exclude: ["Support/google_client_flow.py", "Support/dicomweb_flow.py"], swiftSettings: swiftSettings),
        .testTarget(name: "ObjectStorageTests", dependencies: ["ObjectStorage", "TestSupport"], exclude: ["Support/iam_test_server.py"],
                    swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
