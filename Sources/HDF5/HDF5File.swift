import CHDF5
import Foundation

/// An open HDF5 file. The file stays open while this object or any group or dataset
/// opened from it is alive.
public final class HDF5File: @unchecked Sendable {
    /// The path the file was opened with.
    public let path: String
    let handle: HDF5Handle

    private init(path: String, id: hid_t) {
        self.path = path
        self.handle = HDF5Handle(id, close: H5Fclose)
    }

    /// Creates a new file at `path`, replacing any file there.
    public static func create(_ path: String) throws -> HDF5File {
        try HDF5Library.locked {
            // The HDF5 1.10 file format: compact object headers and single-chunk indices make a
            // store of hundreds of small compressed datasets about half the size of the
            // 1.6-compatible default (0.5 vs 1.3 MB for the worm store). Readable by HDF5 ≥ 1.10,
            // which h5py, libsonata, NEURON and MATLAB (R2021a+) ship.
            let access = H5Pcreate(plx_p_file_access())
            defer { H5Pclose(access) }
            H5Pset_libver_bounds(access, H5F_LIBVER_V110, H5F_LIBVER_V110)
            // The root group is created with the file: no timestamps on it either, or equal
            // contents would give different bytes.
            let creation = H5Pcreate(plx_p_file_create())
            defer { H5Pclose(creation) }
            H5Pset_obj_track_times(creation, false)
            let id = H5Fcreate(path, plx_f_acc_trunc(), creation, access)
            guard id >= 0 else { throw HDF5Error.cannotOpen(file: path, reason: lastHDF5ErrorMessage()) }
            return HDF5File(path: path, id: id)
        }
    }

    /// Opens an existing file, read-only unless `writable`.
    ///
    /// Fails with ``HDF5Error/cannotOpen(file:reason:)`` for a missing file, a file that is
    /// not HDF5, or a truncated one (HDF5 notices a superblock whose end-of-file address
    /// lies beyond the real end).
    public static func open(_ path: String, writable: Bool = false) throws -> HDF5File {
        try HDF5Library.locked {
            guard FileManager.default.fileExists(atPath: path) else {
                throw HDF5Error.cannotOpen(file: path, reason: "no such file")
            }
            guard H5Fis_hdf5(path) > 0 else {
                _ = lastHDF5ErrorMessage()
                throw HDF5Error.cannotOpen(file: path, reason: "not an HDF5 file")
            }
            let id = H5Fopen(path, writable ? plx_f_acc_rdwr() : plx_f_acc_rdonly(), plx_p_default())
            guard id >= 0 else { throw HDF5Error.cannotOpen(file: path, reason: lastHDF5ErrorMessage()) }
            return HDF5File(path: path, id: id)
        }
    }

    /// The root group `/`.
    public func root() throws -> HDF5Group {
        try HDF5Library.locked {
            let id = H5Gopen2(handle.id, "/", plx_p_default())
            guard id >= 0 else { throw HDF5Error.call(file: path, path: "/", operation: "opening root group", reason: lastHDF5ErrorMessage()) }
            return HDF5Group(handle: HDF5Handle(id, close: H5Gclose), filePath: path, path: "/")
        }
    }

    /// Writes buffered data to disk.
    public func flush() throws {
        try HDF5Library.locked {
            guard H5Fflush(handle.id, H5F_SCOPE_GLOBAL) >= 0 else {
                throw HDF5Error.call(file: path, path: "/", operation: "flush", reason: lastHDF5ErrorMessage())
            }
        }
    }
}
