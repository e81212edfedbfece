import CHDF5
import Foundation

/// Something inside an HDF5 file that has a path and can carry attributes:
/// a group or a dataset.
public class HDF5Object: @unchecked Sendable {
    let handle: HDF5Handle
    /// The file this object lives in, as given when it was opened (for messages).
    public let filePath: String
    /// The object's absolute path inside the file, e.g. `/edges/worm__chemical`.
    public let path: String

    init(handle: HDF5Handle, filePath: String, path: String) {
        self.handle = handle
        self.filePath = filePath
        self.path = path
    }

    var id: hid_t { handle.id }

    /// The absolute path of a child of this object.
    func childPath(_ name: String) -> String {
        path == "/" ? "/" + name : path + "/" + name
    }

    func failure(_ operation: String, at path: String? = nil) -> HDF5Error {
        .call(file: filePath, path: path ?? self.path, operation: operation, reason: lastHDF5ErrorMessage())
    }
}

/// Closes a temporary identifier when the scope ends.
@inline(__always)
func closing<T>(_ id: hid_t, _ close: (hid_t) -> herr_t, _ body: (hid_t) throws -> T) rethrows -> T {
    defer { _ = close(id) }
    return try body(id)
}

/// A UTF-8, variable-length string type (what h5py reads back as `str`). Caller closes it.
func makeVariableStringType() -> hid_t {
    let type = H5Tcopy(plx_c_s1())
    H5Tset_size(type, plx_variable())
    H5Tset_cset(type, H5T_CSET_UTF8)
    return type
}

/// Calls `body` with C strings for every element, keeping them alive during the call.
func withCStringArray<T>(_ strings: [String], _ body: ([UnsafePointer<CChar>?]) throws -> T) rethrows -> T {
    let pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    defer { pointers.forEach { free($0) } }
    return try body(pointers.map { UnsafePointer($0) })
}

/// The text of a NUL-terminated C buffer.
func stringFromCBuffer(_ buffer: [CChar]) -> String {
    String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
}
