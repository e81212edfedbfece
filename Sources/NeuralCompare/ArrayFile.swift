import Foundation
import HDF5

/// An n-dimensional array of doubles read from a file (row-major / C order).
public struct NumericArray: Sendable {
    public let shape: [Int]
    public let values: [Double]
    /// Column names from a CSV header, if any.
    public let columnNames: [String]?
    /// Where it came from, for messages (`file.h5:/path` for HDF5).
    public let source: String

    /// The array as a matrix; 1-D arrays become one column.
    public func matrix() throws -> Matrix {
        switch shape.count {
        case 1: return Matrix(rows: shape[0], columns: 1, values: values)
        case 2: return Matrix(rows: shape[0], columns: shape[1], values: values)
        default:
            throw CompareError.invalidInput(name: source, detail: "expected a 2-D array (stimuli × features); got shape \(shape)")
        }
    }
}

/// Reads matrices and arrays from CSV, NPY and HDF5 (`file.h5:/path/to/dataset`).
public enum ArrayFile {
    public static func read(_ specifier: String) throws -> NumericArray {
        let (path, dataset) = split(specifier)
        if let dataset { return try readHDF5(path, dataset: dataset, specifier: specifier) }
        guard FileManager.default.fileExists(atPath: path) else {
            throw CompareError.unreadable(file: path, detail: "no such file")
        }
        switch (path as NSString).pathExtension.lowercased() {
        case "npy": return try readNPY(path)
        case "csv", "txt", "tsv": return try readCSV(path)
        case "h5", "hdf5", "nwb":
            throw CompareError.unreadable(file: path, detail: "name the dataset inside the HDF5 file: \(path):/path/to/dataset")
        default:
            throw CompareError.unreadable(file: path, detail: "unknown file type; use .csv, .npy or an HDF5 file as file.h5:/dataset")
        }
    }

    /// `file.h5:/a/b` → ("file.h5", "/a/b"); anything else → (path, nil).
    static func split(_ specifier: String) -> (String, String?) {
        guard let colon = specifier.range(of: ":/", options: .backwards) else { return (specifier, nil) }
        let file = String(specifier[..<colon.lowerBound])
        let ext = (file as NSString).pathExtension.lowercased()
        guard ["h5", "hdf5", "nwb", "he5"].contains(ext) else { return (specifier, nil) }
        return (file, String(specifier[specifier.index(after: colon.lowerBound)...]))
    }

    static func readHDF5(_ path: String, dataset: String, specifier: String) throws -> NumericArray {
        do {
            let file = try HDF5File.open(path)
            guard try file.root().isDataset(dataset) else {
                throw CompareError.unreadable(file: path, detail: "no dataset \(dataset) in this HDF5 file; give an existing one as \(path):/group/dataset (h5ls -r \(path) lists them)")
            }
            let d = try file.root().dataset(dataset)
            return NumericArray(shape: d.dimensions, values: try d.read(as: Double.self), columnNames: nil, source: specifier)
        } catch let error as CompareError {
            throw error
        } catch {
            throw CompareError.unreadable(file: path, detail: "\(error)")
        }
    }

    /// NPY versions 1–3, little- or big-endian float64/float32/integers, C or Fortran order.
    static func readNPY(_ path: String) throws -> NumericArray {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let bytes = [UInt8](data)
        func fail(_ why: String) -> CompareError { .unreadable(file: path, detail: "not a readable NPY file: \(why)") }
        guard bytes.count >= 10, bytes[0] == 0x93, Array(bytes[1...5]) == Array("NUMPY".utf8) else { throw fail("missing the \\x93NUMPY magic") }
        let major = bytes[6]
        let headerLength: Int, headerStart: Int
        if major == 1 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8; headerStart = 10
        } else if major == 2 || major == 3, bytes.count >= 12 {
            headerLength = Int(bytes[8]) | Int(bytes[9]) << 8 | Int(bytes[10]) << 16 | Int(bytes[11]) << 24; headerStart = 12
        } else { throw fail("unsupported version \(major)") }
        guard bytes.count >= headerStart + headerLength,
              let header = String(bytes: bytes[headerStart..<(headerStart + headerLength)], encoding: .utf8) else { throw fail("truncated header") }
        func field(_ key: String) -> String? {
            guard let r = header.range(of: "'\(key)':") else { return nil }
            return String(header[r.upperBound...]).trimmingCharacters(in: .whitespaces)
        }
        guard let descrField = field("descr"), let quote = descrField.dropFirst().firstIndex(of: "'") else { throw fail("no descr in header") }
        let descr = String(descrField[descrField.index(after: descrField.startIndex)..<quote])
        let fortran = field("fortran_order")?.hasPrefix("True") ?? false
        guard let shapeField = field("shape"), let open = shapeField.firstIndex(of: "("), let close = shapeField.firstIndex(of: ")") else { throw fail("no shape in header") }
        let shape = shapeField[shapeField.index(after: open)..<close].split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard shape.allSatisfy({ $0 >= 0 }) else { throw fail("shape \(shape) has a negative dimension") }
        var count = 1
        for dimension in shape {
            let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
            guard !overflow else { throw fail("shape \(shape) has more elements than can be addressed") }
            count = product
        }
        let order = descr.first, kind = descr.dropFirst().first, width = Int(descr.dropFirst(2)) ?? 0
        guard let order, let kind, [Character("<"), ">", "|", "="].contains(order), width > 0, width <= 16 else { throw fail("unsupported dtype \(descr)") }
        let start = headerStart + headerLength
        // Compared by division, so a huge shape cannot overflow `count × width` first.
        guard bytes.count >= start, (bytes.count - start) / width >= count else {
            throw fail("expected \(count) values of \(width) bytes (shape \(shape)), the file is shorter")
        }
        let swap = order == ">"
        var values = [Double](repeating: 0, count: count)
        for i in 0..<count {
            var raw: UInt64 = 0
            for b in 0..<width {
                let byte = UInt64(bytes[start + i * width + (swap ? width - 1 - b : b)])
                raw |= byte << (8 * UInt64(b))
            }
            switch (kind, width) {
            case ("f", 8): values[i] = Double(bitPattern: raw)
            case ("f", 4): values[i] = Double(Float(bitPattern: UInt32(raw)))
            case ("i", _): values[i] = Double(Int64(bitPattern: raw << (64 - 8 * UInt64(width))) >> (64 - 8 * Int64(width)))
            case ("u", _), ("b", 1): values[i] = Double(raw)
            default: throw fail("unsupported dtype \(descr); save as float64")
            }
        }
        if fortran && shape.count >= 2 {
            // Fortran order: the first index varies fastest; reorder to C order.
            var c = [Double](repeating: 0, count: count)
            let strides = shape.indices.map { k in shape[..<k].reduce(1, *) }
            var index = [Int](repeating: 0, count: shape.count)
            for i in 0..<count {
                c[i] = values[zip(index, strides).reduce(0) { $0 + $1.0 * $1.1 }]
                var k = shape.count - 1
                while k >= 0 { index[k] += 1; if index[k] < shape[k] { break }; index[k] = 0; k -= 1 }
            }
            values = c
        }
        return NumericArray(shape: shape, values: values, columnNames: nil, source: path)
    }

    /// A numeric CSV (comma, tab or semicolon separated); a first row that is not all numbers
    /// is taken as the header.
    static func readCSV(_ path: String) throws -> NumericArray {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw CompareError.unreadable(file: path, detail: "cannot be read as UTF-8 text")
        }
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
            .map { $0.hasSuffix("\r") ? $0.dropLast() : $0 }
        let separator: Character = lines.first.map { $0.contains("\t") ? "\t" : ($0.contains(";") && !$0.contains(",") ? ";" : ",") } ?? ","
        var header: [String]? = nil
        var values: [Double] = []
        var columns = -1, rows = 0
        for (number, line) in lines.enumerated() where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            let cells = line.split(separator: separator, omittingEmptySubsequences: false).map { $0.trimmingCharacters(in: .whitespaces) }
            let parsed = cells.map { Double($0) }
            if rows == 0 && header == nil && parsed.contains(where: { $0 == nil }) && values.isEmpty {
                header = cells
                columns = cells.count
                continue
            }
            if columns < 0 { columns = cells.count }
            guard cells.count == columns else {
                throw CompareError.unreadable(file: path, detail: "line \(number + 1) has \(cells.count) fields, expected \(columns) (as in the first line)")
            }
            for (k, value) in parsed.enumerated() {
                guard let value else {
                    throw CompareError.unreadable(file: path, detail: "line \(number + 1), column \(header?[k] ?? String(k + 1)): \"\(cells[k])\" is not a number")
                }
                values.append(value)
            }
            rows += 1
        }
        guard rows > 0 else { throw CompareError.unreadable(file: path, detail: "no data rows") }
        return NumericArray(shape: [rows, columns], values: values, columnNames: header, source: path)
    }

    /// Writes a float64 array as NPY (version 1.0, C order), atomically.
    public static func writeNPY(_ values: [Double], shape: [Int], to path: String) throws {
        let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': \(shapeText), }"
        let total = 10 + header.utf8.count + 1
        header += String(repeating: " ", count: (64 - total % 64) % 64) + "\n"
        var data = Data([0x93] + Array("NUMPY".utf8) + [1, 0, UInt8(header.utf8.count & 0xFF), UInt8(header.utf8.count >> 8)])
        data.append(contentsOf: Array(header.utf8))
        values.withUnsafeBufferPointer { data.append(UnsafeBufferPointer(start: UnsafeRawPointer($0.baseAddress!).assumingMemoryBound(to: UInt8.self), count: $0.count * 8)) }
        try data.write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
