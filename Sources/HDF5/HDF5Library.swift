import CHDF5
import Foundation

/// Serialises every call into libhdf5.
///
/// Debian's libhdf5 is the serial build: it is not safe to call from two threads at
/// once, so all access goes through this one process-wide recursive lock (as libsonata
/// does with its `hdf5_mutex`).
public enum HDF5Library {
    private static let lock = NSRecursiveLock()
    private static let initialised: Bool = {
        _ = H5open()
        plx_silence_errors()
        return true
    }()

    /// Runs `body` while holding the HDF5 lock.
    @inline(__always)
    public static func locked<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        precondition(initialised)
        return try body()
    }

    /// The linked library's version, e.g. "1.10.8".
    public static var version: String {
        locked {
            var major: UInt32 = 0, minor: UInt32 = 0, release: UInt32 = 0
            H5get_libversion(&major, &minor, &release)
            return "\(major).\(minor).\(release)"
        }
    }
}

/// Owns one HDF5 identifier and closes it exactly once.
final class HDF5Handle: @unchecked Sendable {
    let id: hid_t
    private let close: (hid_t) -> herr_t

    init(_ id: hid_t, close: @escaping (hid_t) -> herr_t) {
        self.id = id
        self.close = close
    }

    deinit {
        HDF5Library.locked { _ = close(id) }
    }
}
