/// Errors of the spike and trace readers, naming the file.
public enum SpikeIOError: Error, CustomStringConvertible {
    case input(file: String, reason: String)

    public var description: String {
        switch self {
        case let .input(file, reason): return "\(file): \(reason)."
        }
    }
}
