import Foundation

extension RDM {
    /// (uᵢ − uⱼ)ᵀ Λ (uᵢ − uⱼ) / P for the precision Λ.
    public static func mahalanobis(_ u: Matrix, precision: Matrix, name: String = "") -> RDM {
        let weighted = u.multiplied(by: precision)
        let gram = weighted.multiplied(by: u, transposeOther: true)
        let p = Double(u.columns)
        return from(conditions: u.rows, name: name) { i, j in (gram[i, i] + gram[j, j] - gram[i, j] - gram[j, i]) / p }
    }
}
