import Foundation

/// A file written under a temporary name beside its destination and renamed into place by
/// `commit()`. If the writer is dropped without committing (the run failed), the temporary
/// file is removed, so a failed run never leaves a half-written output.
final class OutputFile {
    let destination: String
    let temporary: String
    private var committed = false

    init(_ destination: String) {
        self.destination = destination
        let url = URL(fileURLWithPath: destination)
        temporary = url.deletingLastPathComponent().path + "/." + url.lastPathComponent
            + ".tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
    }

    func commit() throws {
        guard rename(temporary, destination) == 0 else {
            throw SpikeIOError.output(file: destination, reason: String(cString: strerror(errno)))
        }
        committed = true
    }

    deinit {
        if !committed { unlink(temporary) }
    }
}

/// Errors of the spike and plot writers, naming the file.
public enum SpikeIOError: Error, CustomStringConvertible {
    case output(file: String, reason: String)
    case input(file: String, reason: String)

    public var description: String {
        switch self {
        case let .output(file, reason): return "\(file): cannot write (\(reason)); nothing was left behind."
        case let .input(file, reason): return "\(file): \(reason)."
        }
    }
}
