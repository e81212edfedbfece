import ConnectomeCore
/// Names and numbers fixed by the store format (docs/store-format.md).
public enum StoreFormat {
    /// Value of the root attribute `format`.
    public static let name = "plexus-connectome-store"
    /// The format version this library writes; it reads this version and older.
    public static let version: UInt32 = 1
    /// The tool that writes stores, recorded in `created_by`.
    public static let creator = PlexusVersion.creator

    /// Populations (node and edge) and connectome names must match `[A-Za-z0-9_.-]+`
    /// so they are valid HDF5 link names and file names alike.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.allSatisfy { c in
            (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c == 95 || c == 45 || c == 46
        }
    }

    /// Edge populations holding at most this many edges are fully validated when opened;
    /// larger ones get the cheap structural checks on open and the full scan from `validate`.
    public static let eagerValidationLimit = 10_000_000
}
