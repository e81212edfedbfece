import CHDF5
import Foundation

/// How a new dataset is laid out on disk.
public enum HDF5Layout: Sendable, Equatable {
    /// Contiguous when at most `contiguousLimit` elements, else chunked (chunks of up to
    /// `chunkElements`) with shuffle + deflate level 1. Small datasets are cheapest to read
    /// whole; larger ones compress (CSR offsets and counts shrink 5–10x) and allow partial reads.
    case automatic
    /// Always contiguous and uncompressed.
    case contiguous
    /// Chunks of the given number of elements (along the first axis), shuffle + deflate level 1.
    case chunked(elements: Int)

    /// The chunk length used for large datasets (DESIGN.md §4).
    public static let chunkElements = 65_536
    /// Datasets up to this many elements are stored contiguous and uncompressed.
    public static let contiguousLimit = 64
}

/// A dataset: an n-dimensional array of one element type.
public final class HDF5Dataset: HDF5Object, @unchecked Sendable {

    /// The extent of each dimension.
    public var dimensions: [Int] {
        HDF5Library.locked {
            let space = H5Dget_space(id)
            defer { H5Sclose(space) }
            let rank = Int(H5Sget_simple_extent_ndims(space))
            guard rank > 0 else { return [] }
            var dims = [hsize_t](repeating: 0, count: rank)
            H5Sget_simple_extent_dims(space, &dims, nil)
            return dims.map { Int($0) }
        }
    }

    /// The number of elements along the first axis (1 for a scalar dataset).
    public var count: Int { dimensions.first ?? 1 }

    /// The class and size of the stored element type.
    public var elementKind: HDF5ElementKind {
        HDF5Library.locked {
            let type = H5Dget_type(id)
            defer { H5Tclose(type) }
            let size = Int(H5Tget_size(type))
            switch H5Tget_class(type) {
            case H5T_INTEGER:
                return H5Tget_sign(type) == H5T_SGN_NONE ? .unsignedInteger(bytes: size) : .signedInteger(bytes: size)
            case H5T_FLOAT: return .float(bytes: size)
            case H5T_STRING: return .string
            default: return .other
            }
        }
    }

    /// The chunk shape, or nil for a contiguous or compact dataset.
    public var chunkShape: [Int]? {
        HDF5Library.locked {
            let properties = H5Dget_create_plist(id)
            defer { H5Pclose(properties) }
            guard H5Pget_layout(properties) == H5D_CHUNKED else { return nil }
            var dims = [hsize_t](repeating: 0, count: 8)
            let rank = Int(H5Pget_chunk(properties, 8, &dims))
            return dims.prefix(rank).map { Int($0) }
        }
    }

    /// Names of the filters applied to chunks, e.g. `["shuffle", "deflate"]`.
    public var filterNames: [String] {
        HDF5Library.locked {
            let properties = H5Dget_create_plist(id)
            defer { H5Pclose(properties) }
            var names: [String] = []
            for index in 0..<max(0, H5Pget_nfilters(properties)) {
                var flags: UInt32 = 0
                var elements = 8
                var values = [UInt32](repeating: 0, count: 8)
                var name = [CChar](repeating: 0, count: 64)
                var config: UInt32 = 0
                let filter = H5Pget_filter2(properties, UInt32(index), &flags, &elements, &values, name.count, &name, &config)
                switch filter {
                case H5Z_FILTER_DEFLATE: names.append("deflate")
                case H5Z_FILTER_SHUFFLE: names.append("shuffle")
                default: names.append(stringFromCBuffer(name))
                }
            }
            return names
        }
    }

    // MARK: Reading numbers

    /// Reads every element, converted to `T` by HDF5.
    public func read<T: HDF5Scalar>(as type: T.Type) throws -> [T] {
        let total = dimensions.reduce(1, *)
        return try readSelection(count: total, as: type) { _ in plx_s_all() }
    }

    /// Reads elements `range` of a one-dimensional dataset: a hyperslab, so only the chunks
    /// that overlap the range are read and decompressed.
    public func read<T: HDF5Scalar>(as type: T.Type, range: Range<Int>) throws -> [T] {
        let n = count
        guard range.lowerBound >= 0, range.upperBound <= n else {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "range \(range) outside 0..<\(n)")
        }
        if range.isEmpty { return [] }
        return try readSelection(count: range.count, as: type) { space in
            var start: [hsize_t] = [hsize_t(range.lowerBound)]
            var count: [hsize_t] = [hsize_t(range.count)]
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nil, &count, nil)
            return space
        }
    }

    /// Reads the elements at `indices` (any order, repeats allowed) of a one-dimensional dataset.
    public func read<T: HDF5Scalar>(as type: T.Type, at indices: [Int]) throws -> [T] {
        let n = count
        if indices.isEmpty { return [] }
        guard indices.allSatisfy({ $0 >= 0 && $0 < n }) else {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "index outside 0..<\(n)")
        }
        return try readSelection(count: indices.count, as: type) { space in
            var coordinates = indices.map { hsize_t($0) }
            H5Sselect_elements(space, H5S_SELECT_SET, indices.count, &coordinates)
            return space
        }
    }

    /// Reads rows `rows` of a two-dimensional dataset as a flat row-major array.
    public func read<T: HDF5Scalar>(as type: T.Type, rows: Range<Int>) throws -> [T] {
        let dims = dimensions
        guard dims.count == 2 else {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "expected 2 dimensions, found \(dims.count)")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= dims[0] else {
            throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "rows \(rows) outside 0..<\(dims[0])")
        }
        if rows.isEmpty || dims[1] == 0 { return [] }
        return try readSelection(count: rows.count * dims[1], as: type) { space in
            var start: [hsize_t] = [hsize_t(rows.lowerBound), 0]
            var count: [hsize_t] = [hsize_t(rows.count), hsize_t(dims[1])]
            H5Sselect_hyperslab(space, H5S_SELECT_SET, &start, nil, &count, nil)
            return space
        }
    }

    /// Shared body of the numeric reads: `select` narrows the file dataspace
    /// (or returns H5S_ALL to read everything).
    private func readSelection<T: HDF5Scalar>(count: Int, as type: T.Type, select: (hid_t) -> hid_t) throws -> [T] {
        try HDF5Library.locked {
            let typeClass = closing(H5Dget_type(id), H5Tclose) { H5Tget_class($0) }
            guard typeClass == H5T_INTEGER || typeClass == H5T_FLOAT else {
                throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "dataset is not numeric")
            }
            var values = [T](repeating: .zero, count: count)
            if count == 0 { return values }
            let fileSpace = H5Dget_space(id)
            defer { H5Sclose(fileSpace) }
            let selected = select(fileSpace)
            var memoryDims: [hsize_t] = [hsize_t(count)]
            let memorySpace = selected == plx_s_all() ? plx_s_all() : H5Screate_simple(1, &memoryDims, nil)
            defer { if memorySpace != plx_s_all() { H5Sclose(memorySpace) } }
            let status = values.withUnsafeMutableBytes {
                H5Dread(id, T.memoryType, memorySpace, selected, plx_p_default(), $0.baseAddress)
            }
            guard status >= 0 else { throw failure("reading") }
            return values
        }
    }
}
