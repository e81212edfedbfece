import CHDF5
import Foundation

extension HDF5Dataset {
    /// Reads a one-dimensional dataset of strings (variable- or fixed-length).
    public func readStrings() throws -> [String] {
        try readStrings(range: 0..<count)
    }

    /// Reads elements `range` of a one-dimensional string dataset.
    public func readStrings(range: Range<Int>) throws -> [String] {
        try HDF5Library.locked {
            let fileType = H5Dget_type(id)
            defer { H5Tclose(fileType) }
            guard H5Tget_class(fileType) == H5T_STRING else {
                throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "dataset does not hold strings")
            }
            let total = count
            guard range.lowerBound >= 0, range.upperBound <= total else {
                throw HDF5Error.unexpectedShape(file: filePath, path: path, detail: "range \(range) outside 0..<\(total)")
            }
            if range.isEmpty { return [] }
            let fileSpace = H5Dget_space(id)
            defer { H5Sclose(fileSpace) }
            var start: [hsize_t] = [hsize_t(range.lowerBound)]
            var length: [hsize_t] = [hsize_t(range.count)]
            H5Sselect_hyperslab(fileSpace, H5S_SELECT_SET, &start, nil, &length, nil)
            let memorySpace = H5Screate_simple(1, &length, nil)
            defer { H5Sclose(memorySpace) }

            if H5Tis_variable_str(fileType) > 0 {
                let memoryType = makeVariableStringType()
                defer { H5Tclose(memoryType) }
                var pointers = [UnsafeMutablePointer<CChar>?](repeating: nil, count: range.count)
                guard H5Dread(id, memoryType, memorySpace, fileSpace, plx_p_default(), &pointers) >= 0 else {
                    throw failure("reading strings")
                }
                let strings = pointers.map { $0.map { String(cString: $0) } ?? "" }
                H5Dvlen_reclaim(memoryType, memorySpace, plx_p_default(), &pointers)
                return strings
            }
            // Fixed-length strings (as h5py writes numpy `S` arrays): one NUL-padded slot each.
            let width = H5Tget_size(fileType)
            let memoryType = H5Tcopy(fileType)
            defer { H5Tclose(memoryType) }
            var buffer = [UInt8](repeating: 0, count: width * range.count)
            guard H5Dread(id, memoryType, memorySpace, fileSpace, plx_p_default(), &buffer) >= 0 else {
                throw failure("reading strings")
            }
            return (0..<range.count).map { index in
                let slot = buffer[(index * width)..<((index + 1) * width)]
                return String(decoding: slot.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
        }
    }
}
