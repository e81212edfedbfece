import Foundation

extension RDM {
    /// ‖uᵢ − uⱼ‖² / P, from the Gram matrix (one BLAS call for all pairs).
    public static func euclidean(_ u: Matrix, name: String = "") -> RDM {
        let gram = u.gram()
        let p = Double(u.columns)
        return from(conditions: u.rows, name: name) { i, j in (gram[i, i] + gram[j, j] - 2 * gram[i, j]) / p }
    }
}
