import Foundation

extension RDM {
    /// Σ (mᵢ − mⱼ)(ln mᵢ − ln mⱼ) / P with m = (u + w·λ)/(1 + w): the symmetrised KL
    /// divergence of Poisson rates under rsatoolbox's prior (λ = 1, w = 0.1).
    public static func poisson(_ u: Matrix, name: String = "", priorLambda: Double = 1, priorWeight: Double = 0.1) throws -> RDM {
        if let bad = u.values.firstIndex(where: { $0 < 0 }) {
            throw CompareError.invalidInput(name: name, detail: "the poisson RDM needs non-negative counts; row \(bad / u.columns + 1), column \(bad % u.columns + 1) is \(u.values[bad])")
        }
        let m = Matrix(rows: u.rows, columns: u.columns, values: u.values.map { ($0 + priorLambda * priorWeight) / (1 + priorWeight) })
        let logs = Matrix(rows: m.rows, columns: m.columns, values: m.values.map { log($0) })
        let cross = m.multiplied(by: logs, transposeOther: true)
        let p = Double(u.columns)
        return from(conditions: u.rows, name: name) { i, j in (cross[i, i] + cross[j, j] - cross[i, j] - cross[j, i]) / p }
    }
}
