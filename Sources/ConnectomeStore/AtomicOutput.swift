import Foundation

/// Writes a file through a temporary sibling that is renamed into place only after the
/// writer finishes, so a failure or crash never leaves a half-written output behind.
public enum AtomicOutput {
    /// Calls `write` with a temporary path next to `destination`, then renames it over
    /// `destination`. The temporary file is removed if `write` throws.
    ///
    /// - Parameter startingFrom: an existing file to copy to the temporary path first
    ///   (for adding to a store without touching the original until the end).
    public static func write<T>(to destination: String, startingFrom original: String? = nil,
                                _ write: (String) throws -> T) throws -> T {
        let url = URL(fileURLWithPath: destination)
        let directory = url.deletingLastPathComponent().path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw StoreError.output(file: destination, reason: "directory \(directory) does not exist")
        }
        guard FileManager.default.isWritableFile(atPath: directory) else {
            throw StoreError.output(file: destination, reason: "directory \(directory) is not writable")
        }
        let temporary = directory + "/." + url.lastPathComponent + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: temporary) }  // no-op after a successful rename
        if let original {
            do { try FileManager.default.copyItem(atPath: original, toPath: temporary) } catch {
                throw StoreError.output(file: destination, reason: "cannot copy \(original): \(error.localizedDescription)")
            }
        }
        let result = try write(temporary)
        guard rename(temporary, destination) == 0 else {
            throw StoreError.output(file: destination, reason: String(cString: strerror(errno)))
        }
        return result
    }
}
