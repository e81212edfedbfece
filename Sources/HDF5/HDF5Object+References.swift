import CHDF5
import Foundation

extension HDF5Object {
    /// Writes (or replaces) a one-dimensional attribute of UTF-8 strings.
    public func setAttribute(_ name: String, strings: [String]) throws {
        try HDF5Library.locked {
            if H5Aexists(id, name) > 0 { H5Adelete(id, name) }
            let type = makeVariableStringType()
            defer { H5Tclose(type) }
            var dims: [hsize_t] = [hsize_t(strings.count)]
            let space = H5Screate_simple(1, &dims, nil)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(id, name, type, space, plx_p_default(), plx_p_default())
            guard attribute >= 0 else { throw failure("creating attribute \(name)") }
            defer { H5Aclose(attribute) }
            let status = withCStringArray(strings) { pointers in
                pointers.withUnsafeBufferPointer { H5Awrite(attribute, type, $0.baseAddress) }
            }
            guard status >= 0 else { throw failure("writing attribute \(name)") }
        }
    }

    /// Writes an attribute holding an HDF5 object reference to `target` (an absolute path),
    /// as NWB's VectorIndex.target needs.
    public func setReferenceAttribute(_ name: String, to target: String) throws {
        try HDF5Library.locked {
            var reference = hobj_ref_t()
            guard H5Rcreate(&reference, id, target, H5R_OBJECT, -1) >= 0 else { throw failure("referencing \(target)") }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let attribute = H5Acreate2(id, name, plx_std_ref_obj(), space, plx_p_default(), plx_p_default())
            guard attribute >= 0 else { throw failure("creating attribute \(name)") }
            defer { H5Aclose(attribute) }
            guard H5Awrite(attribute, plx_std_ref_obj(), &reference) >= 0 else { throw failure("writing attribute \(name)") }
        }
    }
}

extension HDF5Group {
    /// Creates a scalar UTF-8 string dataset (NWB stores its identifiers this way).
    @discardableResult
    public func createScalarStringDataset(_ name: String, value: String) throws -> HDF5Dataset {
        try HDF5Library.locked {
            let type = makeVariableStringType()
            defer { H5Tclose(type) }
            let space = H5Screate(H5S_SCALAR)
            defer { H5Sclose(space) }
            let properties = H5Pcreate(plx_p_dataset_create())
            defer { H5Pclose(properties) }
            H5Pset_obj_track_times(properties, false)
            let dataset = H5Dcreate2(id, name, type, space, plx_p_default(), properties, plx_p_default())
            guard dataset >= 0 else { throw failure("creating dataset", at: childPath(name)) }
            let status = withCStringArray([value]) { pointers in
                pointers.withUnsafeBufferPointer { H5Dwrite(dataset, type, plx_s_all(), plx_s_all(), plx_p_default(), $0.baseAddress) }
            }
            guard status >= 0 else { throw failure("writing dataset", at: childPath(name)) }
            return HDF5Dataset(handle: HDF5Handle(dataset, close: H5Dclose), filePath: filePath, path: childPath(name))
        }
    }
}
