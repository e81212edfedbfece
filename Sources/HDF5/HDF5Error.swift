import CHDF5
import Foundation

/// An HDF5 failure, always carrying the file and the object path it concerns so a
/// user can find the problem without a debugger.
public enum HDF5Error: Error, CustomStringConvertible, Equatable {
    /// The file could not be opened or created (missing, unreadable, not HDF5, truncated).
    case cannotOpen(file: String, reason: String)
    /// An object (group, dataset, attribute) that must exist does not.
    case missing(file: String, path: String)
    /// A call into the HDF5 library failed.
    case call(file: String, path: String, operation: String, reason: String)
    /// A dataset or attribute has a shape or type the caller cannot use.
    case unexpectedShape(file: String, path: String, detail: String)

    public var description: String {
        switch self {
        case let .cannotOpen(file, reason):
            return "\(file): cannot open as HDF5 (\(reason)). Check that the path is right and the file is a complete HDF5 file."
        case let .missing(file, path):
            return "\(file): \(path) does not exist."
        case let .call(file, path, operation, reason):
            return "\(file): \(path): \(operation) failed\(reason.isEmpty ? "" : ": \(reason)")."
        case let .unexpectedShape(file, path, detail):
            return "\(file): \(path): \(detail)."
        }
    }
}

/// The innermost message on HDF5's error stack, cleared after reading.
func lastHDF5ErrorMessage() -> String {
    var buffer = [CChar](repeating: 0, count: 512)
    plx_last_error(&buffer, buffer.count)
    return String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
