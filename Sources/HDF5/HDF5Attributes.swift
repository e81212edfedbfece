import CHDF5
import Foundation

extension HDF5Object {
    /// Whether this object has an attribute called `name`.
    public func hasAttribute(_ name: String) -> Bool {
        HDF5Library.locked { H5Aexists(id, name) > 0 }
    }

    /// The names of all attributes, in creation-independent (name) order.
    public func attributeNames() throws -> [String] {
        try HDF5Library.locked {
            var info = H5O_info_t()
            guard H5Oget_info2(id, &info, UInt32(H5O_INFO_NUM_ATTRS)) >= 0 else { throw failure("listing attributes") }
            var names: [String] = []
            for index in 0..<info.num_attrs {
                let length = H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, nil, 0, plx_p_default())
                guard length >= 0 else { throw failure("reading attribute names") }
                var buffer = [CChar](repeating: 0, count: Int(length) + 1)
                H5Aget_name_by_idx(id, ".", H5_INDEX_NAME, H5_ITER_INC, index, &buffer, buffer.count, plx_p_default())
                names.append(stringFromCBuffer(buffer))
            }
            return names
        }
    }

    /// Writes (or replaces) a scalar UTF-8 string attribute.
    public func setAttribute(_ name: String, _ value: String) throws {
        try HDF5Library.locked {
            if H5Aexists(id, name) > 0 { H5Adelete(id, name) }
            let type = makeVariableStringType()
            defer { H5Tclose(type) }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(id, name, type, space, plx_p_default(), plx_p_default())
            guard attribute >= 0 else { throw failure("creating attribute \(name)") }
            defer { H5Aclose(attribute) }
            let status = withCStringArray([value]) { pointers in
                pointers.withUnsafeBufferPointer { H5Awrite(attribute, type, $0.baseAddress) }
            }
            guard status >= 0 else { throw failure("writing attribute \(name)") }
        }
    }

    /// Writes (or replaces) a scalar numeric attribute.
    public func setAttribute<T: HDF5Scalar>(_ name: String, _ value: T) throws {
        try HDF5Library.locked {
            if H5Aexists(id, name) > 0 { H5Adelete(id, name) }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(id, name, T.fileType, space, plx_p_default(), plx_p_default())
            guard attribute >= 0 else { throw failure("creating attribute \(name)") }
            defer { H5Aclose(attribute) }
            let status = withUnsafeBytes(of: value) { H5Awrite(attribute, T.memoryType, $0.baseAddress) }
            guard status >= 0 else { throw failure("writing attribute \(name)") }
        }
    }

    /// Reads a string attribute, fixed- or variable-length.
    public func stringAttribute(_ name: String) throws -> String {
        try HDF5Library.locked {
            guard H5Aexists(id, name) > 0 else { throw HDF5Error.missing(file: filePath, path: path + "@" + name) }
            let attribute = H5Aopen(id, name, plx_p_default())
            guard attribute >= 0 else { throw failure("opening attribute \(name)") }
            defer { H5Aclose(attribute) }
            let fileType = H5Aget_type(attribute)
            defer { H5Tclose(fileType) }
            guard H5Tget_class(fileType) == H5T_STRING else {
                throw HDF5Error.unexpectedShape(file: filePath, path: path + "@" + name, detail: "attribute is not a string")
            }
            if H5Tis_variable_str(fileType) > 0 {
                let memType = makeVariableStringType()
                defer { H5Tclose(memType) }
                var pointer: UnsafeMutablePointer<CChar>? = nil
                guard H5Aread(attribute, memType, &pointer) >= 0 else { throw failure("reading attribute \(name)") }
                defer { free(pointer) }
                return pointer.map { String(cString: $0) } ?? ""
            }
            let size = H5Tget_size(fileType)
            var buffer = [CChar](repeating: 0, count: size + 1)
            let memType = H5Tcopy(plx_c_s1())
            defer { H5Tclose(memType) }
            H5Tset_size(memType, size + 1)
            guard H5Aread(attribute, memType, &buffer) >= 0 else { throw failure("reading attribute \(name)") }
            return stringFromCBuffer(buffer)
        }
    }

    /// Reads a scalar numeric attribute, converting from its stored type.
    public func attribute<T: HDF5Scalar>(_ name: String, as type: T.Type) throws -> T {
        try HDF5Library.locked {
            guard H5Aexists(id, name) > 0 else { throw HDF5Error.missing(file: filePath, path: path + "@" + name) }
            let attribute = H5Aopen(id, name, plx_p_default())
            guard attribute >= 0 else { throw failure("opening attribute \(name)") }
            defer { H5Aclose(attribute) }
            let space = H5Aget_space(attribute)
            defer { H5Sclose(space) }
            guard H5Sget_simple_extent_npoints(space) == 1 else {
                throw HDF5Error.unexpectedShape(file: filePath, path: path + "@" + name, detail: "attribute is not a scalar")
            }
            let fileType = H5Aget_type(attribute)
            defer { H5Tclose(fileType) }
            let typeClass = H5Tget_class(fileType)
            guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
                throw HDF5Error.unexpectedShape(file: filePath, path: path + "@" + name, detail: "attribute is not numeric")
            }
            var value = T.zero
            let status = withUnsafeMutableBytes(of: &value) { H5Aread(attribute, T.memoryType, $0.baseAddress) }
            guard status >= 0 else { throw failure("reading attribute \(name)") }
            return value
        }
    }
}

extension HDF5Object {
    /// Writes (or replaces) a one-dimensional numeric array attribute (e.g. SONATA's `version`).
    public func setAttribute<T: HDF5Scalar>(_ name: String, values: [T]) throws {
        try HDF5Library.locked {
            if H5Aexists(id, name) > 0 { H5Adelete(id, name) }
            var dims: [hsize_t] = [hsize_t(values.count)]
            let space = H5Screate_simple(1, &dims, nil)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(id, name, T.fileType, space, plx_p_default(), plx_p_default())
            guard attribute >= 0 else { throw failure("creating attribute \(name)") }
            defer { H5Aclose(attribute) }
            let status = values.withUnsafeBytes { H5Awrite(attribute, T.memoryType, $0.baseAddress) }
            guard status >= 0 else { throw failure("writing attribute \(name)") }
        }
    }
}
