import CGSL
import Foundation

/// Dense factorisations through LAPACK (OpenBLAS). LAPACK is column-major: a row-major
/// m × n matrix is, to LAPACK, its n × m transpose, which the wrappers account for.
public enum LinearAlgebra {
    /// Thin singular value decomposition A = U·diag(s)·Vᵀ (U: m × k, Vᵀ: k × n, k = min(m, n)),
    /// singular values descending (LAPACK dgesdd).
    public static func svd(_ a: Matrix) throws -> (u: Matrix, s: [Double], vt: Matrix) {
        // LAPACK sees Aᵀ (n × m) = U_c·S·V_cᵀ, so A = V_c·S·U_cᵀ: V_cᵀ (k × m, column-major)
        // is U (m × k, row-major) and U_c (n × k, column-major) is Vᵀ (k × n, row-major).
        var m = Int32(a.columns), n = Int32(a.rows)
        let k = Int(min(m, n))
        guard k > 0 else { return (Matrix(rows: a.rows, columns: 0), [], Matrix(rows: 0, columns: a.columns)) }
        var work = a.values
        var s = [Double](repeating: 0, count: k)
        var uc = [Double](repeating: 0, count: Int(m) * k)
        var vct = [Double](repeating: 0, count: k * Int(n))
        var lda = m, ldu = m, ldvt = Int32(k), info: Int32 = 0
        var iwork = [Int32](repeating: 0, count: 8 * k)
        var query = 0.0, lwork: Int32 = -1
        var job = CChar(UInt8(ascii: "S"))
        dgesdd_(&job, &m, &n, &work, &lda, &s, &uc, &ldu, &vct, &ldvt, &query, &lwork, &iwork, &info, 1)
        lwork = Int32(query)
        var scratch = [Double](repeating: 0, count: Int(lwork))
        dgesdd_(&job, &m, &n, &work, &lda, &s, &uc, &ldu, &vct, &ldvt, &scratch, &lwork, &iwork, &info, 1)
        guard info == 0 else { throw CompareError.numerical("the singular value decomposition did not converge (LAPACK dgesdd info \(info))") }
        return (Matrix(rows: a.rows, columns: k, values: vct), s, Matrix(rows: k, columns: a.columns, values: uc))
    }

    /// Inverse of a symmetric positive definite matrix (Cholesky, LAPACK dpotrf/dpotri).
    public static func inverseSPD(_ a: Matrix) throws -> Matrix {
        precondition(a.rows == a.columns)
        var n = Int32(a.rows), lda = n, info: Int32 = 0
        var values = a.values
        var uplo = CChar(UInt8(ascii: "L"))
        dpotrf_(&uplo, &n, &values, &lda, &info, 1)
        guard info == 0 else { throw CompareError.numerical("the matrix is not positive definite (leading minor \(info)); it cannot be inverted as a covariance") }
        dpotri_(&uplo, &n, &values, &lda, &info, 1)
        guard info == 0 else { throw CompareError.numerical("inverting the Cholesky factor failed (LAPACK dpotri info \(info))") }
        // Column-major lower = row-major upper: mirror it to the full matrix.
        var out = Matrix(rows: a.rows, columns: a.rows, values: values)
        for i in 0..<a.rows { for j in 0..<i { out[i, j] = out[j, i] } }
        return out
    }

    /// Moore–Penrose pseudo-inverse by SVD, cutting singular values below
    /// max(m, n)·ε·s_max (scipy.linalg.pinv's default).
    public static func pseudoInverse(_ a: Matrix) throws -> Matrix {
        let (u, s, vt) = try svd(a)
        let cutoff = Double(max(a.rows, a.columns)) * Double.ulpOfOne * (s.first ?? 0)
        var scaledVt = vt
        for i in 0..<s.count {
            let inverse = s[i] > cutoff ? 1 / s[i] : 0
            for j in 0..<vt.columns { scaledVt[i, j] *= inverse }
        }
        // A⁺ = V·diag(1/s)·Uᵀ
        return scaledVt.multiplied(by: u, transposeSelf: true, transposeOther: true)
    }

    /// Eigenvalues (ascending) and eigenvectors (the columns of `vectors`) of a symmetric
    /// matrix (LAPACK dsyevd, divide and conquer).
    public static func symmetricEigen(_ a: Matrix) throws -> (values: [Double], vectors: Matrix) {
        precondition(a.rows == a.columns)
        var n = Int32(a.rows), lda = n, info: Int32 = 0
        guard n > 0 else { return ([], a) }
        var values = a.values
        var w = [Double](repeating: 0, count: a.rows)
        var job = CChar(UInt8(ascii: "V")), uplo = CChar(UInt8(ascii: "L"))
        var query = 0.0, lwork: Int32 = -1, iquery: Int32 = 0, liwork: Int32 = -1
        dsyevd_(&job, &uplo, &n, &values, &lda, &w, &query, &lwork, &iquery, &liwork, &info, 1, 1)
        lwork = Int32(query); liwork = iquery
        var work = [Double](repeating: 0, count: Int(lwork))
        var iwork = [Int32](repeating: 0, count: Int(liwork))
        dsyevd_(&job, &uplo, &n, &values, &lda, &w, &work, &lwork, &iwork, &liwork, &info, 1, 1)
        guard info == 0 else { throw CompareError.numerical("the eigendecomposition did not converge (LAPACK dsyevd info \(info))") }
        // Column-major eigenvectors read row-major are the transpose.
        return (w, Matrix(rows: a.rows, columns: a.rows, values: values).transposed)
    }
}
