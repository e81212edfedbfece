import Foundation

/// Runs the built `plexus` binary as a user would, capturing its output and exit status.
struct PlexusRunner {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `plexus` executable SwiftPM built next to this test bundle.
    static let binary: String = {
        let bundleDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for candidate in [bundleDirectory, bundleDirectory.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("plexus").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        return repository.appendingPathComponent(".build/debug/plexus").path
    }()

    /// The worm store built once per test run into a temporary directory.
    static let wormStore: String = {
        let directory = NSTemporaryDirectory() + "plexus-cli-" + UUID().uuidString
        try! FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/celegans.h5"
        let result = run(["connectome", "build", repository.appendingPathComponent("connectomes/manifest.json").path, "--out", path])
        precondition(result.status == 0, "building the worm store failed: \(result.stderr)")
        return path
    }()

    @discardableResult
    static func run(_ arguments: [String], environment: [String: String] = [:]) -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PLEXUS_STORE")
        for (key, value) in environment { env[key] = value }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return Output(status: -1, stdout: "", stderr: "cannot start \(binary): \(error)") }
        // Read both pipes before waiting, so a large output cannot block the child.
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Output(status: process.terminationStatus, stdout: String(decoding: stdout, as: UTF8.self),
                      stderr: String(decoding: stderr, as: UTF8.self))
    }
}
