import CGSL
import Foundation

/// A dense matrix of doubles in row-major order: rows are stimuli (conditions), columns are
/// features, channels or neurons throughout this module.
public struct Matrix: Sendable, Equatable {
    public let rows: Int
    public let columns: Int
    public var values: [Double]

    public init(rows: Int, columns: Int, values: [Double]) {
        precondition(values.count == rows * columns, "\(values.count) values for a \(rows) × \(columns) matrix")
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    public init(rows: Int, columns: Int, repeating value: Double = 0) {
        self.init(rows: rows, columns: columns, values: Array(repeating: value, count: rows * columns))
    }

    /// A matrix from its rows (all of equal length).
    public init(rowArrays: [[Double]]) {
        let columns = rowArrays.first?.count ?? 0
        precondition(rowArrays.allSatisfy { $0.count == columns }, "rows of unequal length")
        self.init(rows: rowArrays.count, columns: columns, values: rowArrays.flatMap { $0 })
    }

    public subscript(row: Int, column: Int) -> Double {
        get { values[row * columns + column] }
        set { values[row * columns + column] = newValue }
    }

    public func row(_ r: Int) -> ArraySlice<Double> { values[(r * columns)..<((r + 1) * columns)] }

    public func column(_ c: Int) -> [Double] { (0..<rows).map { values[$0 * columns + c] } }

    /// The rows at `indices`, in that order.
    public func selecting(rows indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * columns)
        for r in indices { out.append(contentsOf: row(r)) }
        return Matrix(rows: indices.count, columns: columns, values: out)
    }

    /// The columns at `indices`, in that order.
    public func selecting(columns indices: [Int]) -> Matrix {
        var out = [Double]()
        out.reserveCapacity(indices.count * rows)
        for r in 0..<rows { for c in indices { out.append(values[r * columns + c]) } }
        return Matrix(rows: rows, columns: indices.count, values: out)
    }

    public var transposed: Matrix {
        var out = [Double](repeating: 0, count: values.count)
        for r in 0..<rows { for c in 0..<columns { out[c * rows + r] = values[r * columns + c] } }
        return Matrix(rows: columns, columns: rows, values: out)
    }

    /// Mean of each column.
    public func columnMeans() -> [Double] {
        var sums = [Double](repeating: 0, count: columns)
        for r in 0..<rows { for c in 0..<columns { sums[c] += values[r * columns + c] } }
        return sums.map { $0 / Double(rows) }
    }

    /// Each column minus `means` (its own mean by default).
    public func centered(by means: [Double]? = nil) -> Matrix {
        let m = means ?? columnMeans()
        var out = values
        for r in 0..<rows { for c in 0..<columns { out[r * columns + c] -= m[c] } }
        return Matrix(rows: rows, columns: columns, values: out)
    }

    /// `op(self) · op(other)` through BLAS dgemm, where op transposes when asked.
    public func multiplied(by other: Matrix, transposeSelf: Bool = false, transposeOther: Bool = false) -> Matrix {
        let m = transposeSelf ? columns : rows, k = transposeSelf ? rows : columns
        let n = transposeOther ? other.rows : other.columns
        precondition(k == (transposeOther ? other.columns : other.rows), "inner dimensions differ")
        var out = [Double](repeating: 0, count: m * n)
        guard m > 0, n > 0, k > 0 else { return Matrix(rows: m, columns: n, values: out) }
        values.withUnsafeBufferPointer { a in
            other.values.withUnsafeBufferPointer { b in
                cblas_dgemm(CblasRowMajor, transposeSelf ? CblasTrans : CblasNoTrans, transposeOther ? CblasTrans : CblasNoTrans,
                            Int32(m), Int32(n), Int32(k), 1, a.baseAddress, Int32(columns), b.baseAddress, Int32(other.columns),
                            0, &out, Int32(n))
            }
        }
        return Matrix(rows: m, columns: n, values: out)
    }

    /// self·selfᵀ (rows × rows) through BLAS dsyrk, which computes one triangle: half the
    /// work of a general product.
    public func gram() -> Matrix {
        var out = [Double](repeating: 0, count: rows * rows)
        guard rows > 0, columns > 0 else { return Matrix(rows: rows, columns: rows, values: out) }
        values.withUnsafeBufferPointer { a in
            cblas_dsyrk(CblasRowMajor, CblasUpper, CblasNoTrans, Int32(rows), Int32(columns), 1, a.baseAddress, Int32(columns), 0, &out, Int32(rows))
        }
        for i in 0..<rows { for j in 0..<i { out[i * rows + j] = out[j * rows + i] } }
        return Matrix(rows: rows, columns: rows, values: out)
    }

    public static func * (lhs: Matrix, rhs: Matrix) -> Matrix { lhs.multiplied(by: rhs) }

    public static func identity(_ n: Int) -> Matrix {
        var m = Matrix(rows: n, columns: n)
        for i in 0..<n { m[i, i] = 1 }
        return m
    }
}
