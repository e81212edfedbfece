import Foundation

/// A run's outputs written into a hidden folder inside the output directory and moved into
/// place only when all of them are complete, so a failed run leaves no partial set of files
/// (and no directory it created).
public final class OutputStaging {
    public let directory: String
    /// The hidden folder the outputs are written into.
    public let staging: String
    private let createdDirectory: Bool
    private var committed = false

    public init(_ directory: String) throws {
        self.directory = directory
        createdDirectory = try SimulationRun.prepare(directory)
        staging = directory + "/.plexus-staging-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do {
            try FileManager.default.createDirectory(atPath: staging, withIntermediateDirectories: false)
        } catch {
            throw WorkflowError("cannot create a staging folder in \(directory) (\(error.localizedDescription)); choose another --out")
        }
    }

    /// Path of an output file inside the staging folder.
    public func path(_ name: String) -> String { staging + "/" + name }

    /// Moves every staged file into the output directory (replacing older files of the same name).
    public func commit() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: staging).filter { !$0.hasPrefix(".") }.sorted()
        // A folder in the way would stop the moves half-way: refuse before moving anything.
        for name in names {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory + "/" + name, isDirectory: &isDirectory), isDirectory.boolValue {
                throw WorkflowError("\(directory)/\(name) is a folder, where the run would write a file; move it away or choose another --out")
            }
        }
        for name in names where rename(staging + "/" + name, directory + "/" + name) != 0 {
            throw WorkflowError("cannot move \(name) into \(directory): \(String(cString: strerror(errno)))")
        }
        try? FileManager.default.removeItem(atPath: staging)
        committed = true
    }

    deinit {
        guard !committed else { return }
        try? FileManager.default.removeItem(atPath: staging)
        if createdDirectory, (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
            try? FileManager.default.removeItem(atPath: directory)
        }
    }
}
