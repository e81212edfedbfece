import ConnectomeImport
import ConnectomeStore
import Foundation

/// The shipped C. elegans store, built once per test run from `connectomes/manifest.json`
/// into a temporary directory (the source tree is never written by tests).
enum CElegansStore {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let manifest = repository.appendingPathComponent("connectomes/manifest.json").path

    /// The built store's path, or the error that building it raised.
    static let built: Result<String, Error> = Result {
        let directory = NSTemporaryDirectory() + "plexus-celegans-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/celegans.h5"
        try StoreManifest.read(path: manifest).build(manifestPath: manifest, output: path)
        return path
    }

    static func open() throws -> StoreFile { try StoreFile.open(built.get()) }
}
