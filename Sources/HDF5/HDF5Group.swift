import CHDF5
import Foundation

/// An HDF5 group: a folder of groups, datasets and links.
public final class HDF5Group: HDF5Object, @unchecked Sendable {

    /// Whether a link `relativePath` (one or more `/`-separated names) resolves to an object.
    /// Each component is checked in turn because `H5Lexists` fails on a missing parent.
    public func exists(_ relativePath: String) -> Bool {
        HDF5Library.locked {
            var prefix = ""
            for component in relativePath.split(separator: "/") {
                prefix += prefix.isEmpty ? String(component) : "/" + component
                guard H5Lexists(id, prefix, plx_p_default()) > 0 else { return false }
            }
            return H5Oexists_by_name(id, relativePath, plx_p_default()) > 0
        }
    }

    /// Opens the subgroup at `relativePath`.
    public func group(_ relativePath: String) throws -> HDF5Group {
        guard exists(relativePath) else { throw HDF5Error.missing(file: filePath, path: childPath(relativePath)) }
        return try HDF5Library.locked {
            let child = H5Gopen2(id, relativePath, plx_p_default())
            guard child >= 0 else { throw failure("opening group", at: childPath(relativePath)) }
            return HDF5Group(handle: HDF5Handle(child, close: H5Gclose), filePath: filePath, path: childPath(relativePath))
        }
    }

    /// Creates a subgroup (and any missing intermediate groups).
    public func createGroup(_ relativePath: String) throws -> HDF5Group {
        // Each level is created here with our properties: HDF5's own intermediate-group
        // creation would give those groups timestamps, and equal contents different bytes.
        let components = relativePath.split(separator: "/").map(String.init)
        var parent: HDF5Group = self
        for (depth, component) in components.enumerated() {
            let isLast = depth == components.count - 1
            if !isLast && parent.exists(component) {
                parent = try parent.group(component)
                continue
            }
            parent = try parent.createSingleGroup(component)
        }
        return parent
    }

    private func createSingleGroup(_ name: String) throws -> HDF5Group {
        try HDF5Library.locked {
            let groupProperties = H5Pcreate(plx_p_group_create())
            defer { H5Pclose(groupProperties) }
            // No timestamps: the same content must give the same bytes.
            H5Pset_obj_track_times(groupProperties, false)
            let child = H5Gcreate2(id, name, plx_p_default(), groupProperties, plx_p_default())
            guard child >= 0 else { throw failure("creating group", at: childPath(name)) }
            return HDF5Group(handle: HDF5Handle(child, close: H5Gclose), filePath: filePath, path: childPath(name))
        }
    }

    /// Opens the group at `relativePath`, creating it if needed.
    public func groupCreatingIfNeeded(_ relativePath: String) throws -> HDF5Group {
        exists(relativePath) ? try group(relativePath) : try createGroup(relativePath)
    }

    /// Opens the dataset at `relativePath`.
    public func dataset(_ relativePath: String) throws -> HDF5Dataset {
        guard exists(relativePath) else { throw HDF5Error.missing(file: filePath, path: childPath(relativePath)) }
        return try HDF5Library.locked {
            let child = H5Dopen2(id, relativePath, plx_p_default())
            guard child >= 0 else { throw failure("opening dataset", at: childPath(relativePath)) }
            return HDF5Dataset(handle: HDF5Handle(child, close: H5Dclose), filePath: filePath, path: childPath(relativePath))
        }
    }

    /// Whether the object at `relativePath` is a dataset (false if missing or a group).
    public func isDataset(_ relativePath: String) -> Bool {
        guard exists(relativePath) else { return false }
        return HDF5Library.locked {
            let object = H5Oopen(id, relativePath, plx_p_default())
            guard object >= 0 else { return false }
            defer { H5Oclose(object) }
            return H5Iget_type(object) == H5I_DATASET
        }
    }

    /// The names of the direct children (groups, datasets, links), sorted by name.
    public func childNames() throws -> [String] {
        try HDF5Library.locked {
            var info = H5G_info_t()
            guard H5Gget_info(id, &info) >= 0 else { throw failure("listing group") }
            var names: [String] = []
            for index in 0..<info.nlinks {
                let length = H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, plx_p_default())
                guard length >= 0 else { throw failure("reading link names") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                H5Lget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, plx_p_default())
                names.append(stringFromCBuffer(buffer))
            }
            return names
        }
    }

    /// Creates a soft link `name` pointing to the absolute path `target`.
    public func createSoftLink(_ name: String, to target: String) throws {
        try HDF5Library.locked {
            guard H5Lcreate_soft(target, id, name, plx_p_default(), plx_p_default()) >= 0 else {
                throw failure("creating soft link to \(target)", at: childPath(name))
            }
        }
    }

    /// The target path of a soft link, or nil if `name` is not a soft link.
    public func softLinkTarget(_ name: String) throws -> String? {
        try HDF5Library.locked {
            guard H5Lexists(id, name, plx_p_default()) > 0 else { throw HDF5Error.missing(file: filePath, path: childPath(name)) }
            var info = H5L_info_t()
            guard H5Lget_info(id, name, &info, plx_p_default()) >= 0 else { throw failure("reading link", at: childPath(name)) }
            guard info.type == H5L_TYPE_SOFT else { return nil }
            let size = info.u.val_size
            var buffer = [CChar](repeating: 0, count: size + 1)
            guard H5Lget_val(id, name, &buffer, size, plx_p_default()) >= 0 else { throw failure("reading link", at: childPath(name)) }
            return stringFromCBuffer(buffer)
        }
    }

    /// Removes the link `name` (the space is reclaimed only when the file is rewritten).
    public func removeLink(_ name: String) throws {
        try HDF5Library.locked {
            guard H5Ldelete(id, name, plx_p_default()) >= 0 else { throw failure("deleting link", at: childPath(name)) }
        }
    }
}
