import CHDF5
import Foundation

extension HDF5Group {
    /// Creates a one-dimensional numeric dataset holding `values`.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ name: String, values: [T], layout: HDF5Layout = .automatic) throws -> HDF5Dataset {
        try values.withUnsafeBytes { bytes in
            try createDataset(name, dimensions: [values.count], fileType: T.fileType, memoryType: T.memoryType,
                              layout: layout, data: bytes.baseAddress)
        }
    }

    /// Creates a two-dimensional numeric dataset of `rows × columns` from row-major `values`.
    @discardableResult
    public func createDataset<T: HDF5Scalar>(_ name: String, values: [T], rows: Int, columns: Int,
                                             layout: HDF5Layout = .automatic) throws -> HDF5Dataset {
        precondition(values.count == rows * columns, "values must hold rows × columns elements")
        return try values.withUnsafeBytes { bytes in
            try createDataset(name, dimensions: [rows, columns], fileType: T.fileType, memoryType: T.memoryType,
                              layout: layout, data: bytes.baseAddress)
        }
    }

    /// Creates a one-dimensional dataset of variable-length UTF-8 strings.
    @discardableResult
    public func createStringDataset(_ name: String, values: [String], layout: HDF5Layout = .automatic) throws -> HDF5Dataset {
        try HDF5Library.locked {
            let type = makeVariableStringType()
            defer { H5Tclose(type) }
            return try withCStringArray(values) { pointers in
                try pointers.withUnsafeBytes { bytes in
                    // Shuffle does nothing useful for pointers to heap strings; deflate still applies.
                    try createDataset(name, dimensions: [values.count], fileType: type, memoryType: type,
                                      layout: layout, data: bytes.baseAddress, shuffle: false)
                }
            }
        }
    }

    private func createDataset(_ name: String, dimensions: [Int], fileType: hid_t, memoryType: hid_t,
                               layout: HDF5Layout, data: UnsafeRawPointer?, shuffle: Bool = true) throws -> HDF5Dataset {
        try HDF5Library.locked {
            var dims = dimensions.map { hsize_t($0) }
            let space = H5Screate_simple(Int32(dims.count), &dims, nil)
            defer { H5Sclose(space) }
            let properties = H5Pcreate(plx_p_dataset_create())
            defer { H5Pclose(properties) }
            // No timestamps: the same content must give the same bytes.
            H5Pset_obj_track_times(properties, false)
            let total = dimensions.reduce(1, *)
            let chunkLength: Int?
            switch layout {
            case .contiguous: chunkLength = nil
            case .automatic: chunkLength = total > HDF5Layout.contiguousLimit ? min(total, HDF5Layout.chunkElements) : nil
            case .chunked(let elements): chunkLength = total > 0 ? max(1, elements) : nil
            }
            if let chunkLength {
                // Chunk along the first axis; keep whole rows of 2-D datasets together.
                let rowLength = dimensions.dropFirst().reduce(1, *)
                var chunk = [hsize_t(max(1, min(dimensions[0], chunkLength / max(1, rowLength))))]
                chunk += dimensions.dropFirst().map { hsize_t($0) }
                H5Pset_chunk(properties, Int32(chunk.count), &chunk)
                if shuffle { H5Pset_shuffle(properties) }
                H5Pset_deflate(properties, 1)
            }
            let dataset = H5Dcreate2(id, name, fileType, space, plx_p_default(), properties, plx_p_default())
            guard dataset >= 0 else { throw failure("creating dataset", at: childPath(name)) }
            let result = HDF5Dataset(handle: HDF5Handle(dataset, close: H5Dclose), filePath: filePath, path: childPath(name))
            if total > 0, let data {
                guard H5Dwrite(dataset, memoryType, plx_s_all(), plx_s_all(), plx_p_default(), data) >= 0 else {
                    throw failure("writing dataset", at: childPath(name))
                }
            }
            return result
        }
    }
}
