// swift-tools-version: 6.0
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
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        .target(name: "DICOM", dependencies: ["CZlib"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "dicom-console",
            dependencies: ["DICOM", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "DICOMTests", dependencies: ["DICOM"], exclude: ["Resources"], swiftSettings: swiftSettings),
    ],
    swiftLanguageModes: [.v6]
)
