/// Errors of the worm models, naming the file, option or neuron and what to do.
public enum CElegansError: Error, CustomStringConvertible {
    /// A file or option (`file`) that cannot be used, and why.
    case input(file: String, reason: String)

    public var description: String {
        switch self {
        case let .input(file, reason): return "\(file): \(reason)."
        }
    }
}
