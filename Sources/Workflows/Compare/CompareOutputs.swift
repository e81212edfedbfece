import ConnectomeCore
import Foundation

/// Writes the files of one comparison result into `directory`. Everything is computed before
/// this is called, and each file is written atomically, so a failure never leaves a
/// half-written file.
func writeResults(_ files: [String: Data], to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, data) in files.sorted(by: { $0.key < $1.key }) {
        try AtomicFile.write(data, to: directory + "/" + name)
    }
}

/// Wall-clock seconds since `start`.
func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

/// How long a comparison took.
public struct Timing: Encodable, Sendable {
    /// Computation only (files already read).
    public let computeSeconds: Double
    /// Reading, computing and writing.
    public let totalSeconds: Double
}
