import CHDF5
import Foundation

extension HDF5Group {
    /// Creates an empty, growable dataset of rows of `columns` values (1-D when columns is nil),
    /// chunked with shuffle + deflate, for streaming data whose length is not known in advance.
    public func createAppendableDataset<T: HDF5Scalar>(_ name: String, of type: T.Type, columns: Int? = nil,
                                                        chunkRows: Int = 16_384) throws -> HDF5Dataset {
        try HDF5Library.locked {
            var dims: [hsize_t] = columns.map { [0, hsize_t($0)] } ?? [0]
            var maxDims: [hsize_t] = columns.map { [plx_s_unlimited(), hsize_t($0)] } ?? [plx_s_unlimited()]
            let space = H5Screate_simple(Int32(dims.count), &dims, &maxDims)
            defer { H5Sclose(space) }
            let properties = H5Pcreate(plx_p_dataset_create())
            defer { H5Pclose(properties) }
            H5Pset_obj_track_times(properties, false)
            var chunk: [hsize_t] = columns.map { [hsize_t(max(1, chunkRows / max(1, $0))), hsize_t(max(1, $0))] } ?? [hsize_t(chunkRows)]
            H5Pset_chunk(properties, Int32(chunk.count), &chunk)
            H5Pset_shuffle(properties)
            H5Pset_deflate(properties, 1)
            let dataset = H5Dcreate2(id, name, T.fileType, space, plx_p_default(), properties, plx_p_default())
            guard dataset >= 0 else { throw failure("creating dataset", at: childPath(name)) }
            return HDF5Dataset(handle: HDF5Handle(dataset, close: H5Dclose), filePath: filePath, path: childPath(name))
        }
    }
}

extension HDF5Dataset {
    /// Appends values (whole rows, row-major, for a 2-D dataset) at the end of a growable dataset.
    public func append<T: HDF5Scalar>(_ values: [T]) throws {
        guard !values.isEmpty else { return }
        let dims = dimensions
        let rowLength = dims.dropFirst().reduce(1, *)
        guard values.count % rowLength == 0 else {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "\(values.count) values do not fill rows of \(rowLength)")
        }
        try HDF5Library.locked {
            let oldRows = dims[0], newRows = values.count / rowLength
            var extent: [hsize_t] = [hsize_t(oldRows + newRows)] + dims.dropFirst().map { hsize_t($0) }
            guard H5Dset_extent(id, &extent) >= 0 else { throw failure("growing") }
            let fileSpace = H5Dget_space(id)
            defer { H5Sclose(fileSpace) }
            var start: [hsize_t] = [hsize_t(oldRows)] + dims.dropFirst().map { _ in 0 }
            var count: [hsize_t] = [hsize_t(newRows)] + dims.dropFirst().map { hsize_t($0) }
            H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &count, nil)
            let memorySpace = H5Screate_simple(Int32(count.count), &count, nil)
            defer { H5Sclose(memorySpace) }
            let status = values.withUnsafeBytes { H5Dwrite(id, T.memoryType, memorySpace, fileSpace, plx_p_default(), $0.baseAddress) }
            guard status >= 0 else { throw failure("appending") }
        }
    }
}
