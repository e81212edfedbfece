import Foundation

/// A file written under a hidden temporary name beside its destination and renamed into place
/// by `commit()`; dropped without committing (the writer failed), the temporary file is
/// removed, so a failure never leaves a half-written output. The one home of atomic output:
/// stores, run files, plots and JSON all go through it.
public final class AtomicFile {
    public let destination: String
    /// Where to write before `commit()`.
    public let temporary: String
    private var committed = false

    /// Checks that the destination's directory exists and is writable (the message names the
    /// directory) and picks the temporary name `.NAME.tmp-PID-RANDOM` beside it.
    public init(_ destination: String) throws {
        self.destination = destination
        let url = URL(fileURLWithPath: destination)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw OutputFileError(file: destination, reason: "directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw OutputFileError(file: destination, reason: "directory \(directory) is not writable")
        }
        temporary = directory + "/." + url.lastPathComponent
            + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Renames the temporary file over the destination.
    public func commit() throws {
        guard rename(temporary, destination) == 0 else {
            throw OutputFileError(file: destination, reason: String(cString: strerror(errno)))
        }
        committed = true
    }

    deinit {
        if !committed { unlink(temporary) }
    }

    /// Writes `data` to `path` atomically.
    public static func write(_ data: Data, to path: String) throws {
        let file = try AtomicFile(path)
        guard FileManager.default.createFile(atPath: file.temporary, contents: data) else {
            throw OutputFileError(file: path, reason: "cannot create \(file.temporary): \(String(cString: strerror(errno)))")
        }
        try file.commit()
    }

    /// Writes `value` as JSON (``JSONOutput``) to `path` atomically.
    public static func writeJSON<T: Encodable>(_ value: T, to path: String, pretty: Bool = true) throws {
        try write(JSONOutput.encode(value, pretty: pretty), to: path)
    }

    /// Calls `body` with the temporary path (optionally a copy of `original` first, for
    /// adding to a store without touching it until the end), then renames it into place.
    public static func write<T>(to destination: String, startingFrom original: String? = nil, _ body: (String) throws -> T) throws -> T {
        let file = try AtomicFile(destination)
        if let original {
            do { try FileManager.default.copyItem(atPath: original, toPath: file.temporary) } catch {
                throw OutputFileError(file: destination, reason: "cannot copy \(original): \(error.localizedDescription)")
            }
        }
        let result = try body(file.temporary)
        try file.commit()
        return result
    }
}

/// An output that could not be written; nothing was left behind.
public struct OutputFileError: Error, CustomStringConvertible {
    public let file: String
    public let reason: String

    public init(file: String, reason: String) {
        self.file = file
        self.reason = reason
    }

    public var description: String { "\(file): cannot write output (\(reason)). Nothing was written." }
}
