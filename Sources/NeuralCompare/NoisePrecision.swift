import Foundation

/// Noise covariance estimates from residuals, shrunk so they can be inverted with fewer
/// observations than channels (rsatoolbox's `cov_from_residuals`).
public enum NoiseShrinkage: String, CaseIterable, Sendable {
    /// Shrinks correlations toward 0, keeping the variances (Schäfer & Strimmer 2005).
    case diagonal = "shrinkage_diag"
    /// Shrinks toward a multiple of the identity (Ledoit & Wolf 2004).
    case identity = "shrinkage_eye"
}

public enum NoisePrecision {
    /// The shrunk covariance of `residuals` (observations × channels) with `dof` degrees of
    /// freedom (observations − conditions), and the shrinkage weight used.
    public static func covariance(residuals: Matrix, dof: Int, method: NoiseShrinkage) -> (covariance: Matrix, shrinkage: Double) {
        let x = residuals.centered()  // rsatoolbox demeans the columns again
        let n = Double(x.rows), p = x.columns, d = Double(dof)
        let s = x.multiplied(by: x, transposeSelf: true)
        let squares = Matrix(rows: x.rows, columns: p, values: x.values.map { $0 * $0 })
        let s2 = squares.multiplied(by: squares, transposeSelf: true)
        switch method {
        case .diagonal:
            var cov = Matrix(rows: p, columns: p, values: s.values.map { $0 / d })
            var numerator = 0.0, denominator = 0.0
            for j in 0..<p {
                for k in 0..<p where j != k {
                    let vv = cov[j, j] * cov[k, k]
                    let r = s[j, k] / (vv.squareRoot() * (n - 1))
                    let r2 = s2[j, k] / (vv * (n - 1))
                    numerator += n / (d * d) * (r2 - r * r)
                    denominator += r * r
                }
            }
            let lambda = denominator > 0 ? min(max(numerator / denominator, 0), 1) : 0
            for j in 0..<p { for k in 0..<p where j != k { cov[j, k] *= 1 - lambda } }
            return (cov, lambda)
        case .identity:
            let sample = Matrix(rows: p, columns: p, values: s.values.map { $0 / n })
            var b2 = 0.0
            for i in 0..<(p * p) { b2 += s2.values[i] / n - sample.values[i] * sample.values[i] }
            b2 /= n
            let m = (0..<p).reduce(0.0) { $0 + sample[$1, $1] } / Double(p)
            var d2 = 0.0
            for j in 0..<p { for k in 0..<p { let v = sample[j, k] - (j == k ? m : 0); d2 += v * v } }
            b2 = min(b2, d2)
            let weight = d2 > 0 ? b2 / d2 : 0
            var cov = Matrix(rows: p, columns: p)
            for j in 0..<p { for k in 0..<p { cov[j, k] = ((j == k ? weight * m : 0) + (1 - weight) * sample[j, k]) * n / d } }
            return (cov, weight)
        }
    }

    /// The inverse of ``covariance(residuals:dof:method:)`` for `patterns` (dof = observations −
    /// conditions).
    public static func precision(of patterns: PatternSet, method: NoiseShrinkage) throws -> Matrix {
        let dof = patterns.measurements.rows - patterns.conditionLabels.count
        guard dof > 0 else {
            throw CompareError.invalidInput(name: patterns.name, detail: "estimating the noise needs repeated measurements of each condition (runs/repeats); found one per condition")
        }
        do {
            return try LinearAlgebra.inverseSPD(covariance(residuals: patterns.residuals(), dof: dof, method: method).covariance)
        } catch let error as CompareError {
            throw CompareError.invalidInput(name: patterns.name, detail: "noise covariance: \(error)")
        }
    }
}
