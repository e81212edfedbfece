import Foundation

/// What can go wrong when comparing brains and models; every message names the input.
public enum CompareError: Error, CustomStringConvertible, Equatable {
    /// A file could not be read or parsed (`detail` says where and how to fix it).
    case unreadable(file: String, detail: String)
    /// An input's contents cannot be used (NaN, zero variance, wrong shape…).
    case invalidInput(name: String, detail: String)
    /// Two inputs that must agree do not.
    case mismatch(String)
    /// A factorisation failed.
    case numerical(String)

    public var description: String {
        switch self {
        case let .unreadable(file, detail): return "\(file): \(detail)"
        case let .invalidInput(name, detail): return "\(name): \(detail)"
        case let .mismatch(detail): return detail
        case let .numerical(detail): return detail
        }
    }
}
