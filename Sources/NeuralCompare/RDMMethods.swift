import Foundation

/// How dissimilarities between condition patterns are measured (rsatoolbox's `calc_rdm`
/// methods and conventions; see docs/compare.md).
public enum RDMMethod: String, CaseIterable, Sendable {
    /// Squared Euclidean distance divided by the number of channels.
    case euclidean
    /// 1 − Pearson correlation between patterns (across channels).
    case correlation
    /// Squared Mahalanobis distance under the noise precision, divided by the number of channels.
    case mahalanobis
    /// Cross-validated Mahalanobis distance over runs (unbiased; can be negative).
    case crossnobis
    /// Symmetrised KL divergence of Poisson rates (spike counts), divided by the number of channels.
    case poisson
}

extension RDM {
    /// The RDM of `patterns` by `method`. Conditions are averaged over their observations
    /// first (except for crossnobis, which keeps runs apart); mahalanobis and crossnobis use
    /// `precision` (the identity if nil).
    public static func compute(_ method: RDMMethod, patterns: PatternSet, precision: Matrix? = nil) throws -> RDM {
        switch method {
        case .euclidean: return euclidean(patterns.conditionMeans(), name: patterns.name)
        case .correlation: return try correlation(patterns.conditionMeans(), name: patterns.name)
        case .mahalanobis:
            return mahalanobis(patterns.conditionMeans(), precision: precision ?? .identity(patterns.measurements.columns), name: patterns.name)
        case .crossnobis: return try crossnobis(patterns, precision: precision)
        case .poisson: return try poisson(patterns.conditionMeans(), name: patterns.name)
        }
    }

    /// ‖uᵢ − uⱼ‖² / P, from the Gram matrix (one BLAS call for all pairs).
    public static func euclidean(_ u: Matrix, name: String = "") -> RDM {
        let gram = u.gram()
        let p = Double(u.columns)
        return from(conditions: u.rows, name: name) { i, j in (gram[i, i] + gram[j, j] - 2 * gram[i, j]) / p }
    }

    /// 1 − r(uᵢ, uⱼ), with r the Pearson correlation across channels.
    public static func correlation(_ u: Matrix, name: String = "") throws -> RDM {
        var z = u
        for i in 0..<u.rows {
            let mean = u.row(i).reduce(0, +) / Double(u.columns)
            var norm = 0.0
            for c in 0..<u.columns { z[i, c] -= mean; norm += z[i, c] * z[i, c] }
            guard norm > 0 else {
                throw CompareError.invalidInput(name: name, detail: "condition \(i + 1) has the same value in every channel, so its correlation with other patterns is undefined; use --rdm "
                    + "euclidean or drop the condition")
            }
            let scale = 1 / norm.squareRoot()
            for c in 0..<u.columns { z[i, c] *= scale }
        }
        let gram = z.gram()
        return from(conditions: u.rows, name: name) { i, j in 1 - gram[i, j] }
    }

    /// (uᵢ − uⱼ)ᵀ Λ (uᵢ − uⱼ) / P for the precision Λ.
    public static func mahalanobis(_ u: Matrix, precision: Matrix, name: String = "") -> RDM {
        let weighted = u.multiplied(by: precision)
        let gram = weighted.multiplied(by: u, transposeOther: true)
        let p = Double(u.columns)
        return from(conditions: u.rows, name: name) { i, j in (gram[i, i] + gram[j, j] - gram[i, j] - gram[j, i]) / p }
    }

    /// Leave-one-run-out crossnobis: for each run f, A = condition means of the other runs,
    /// B = condition means of run f, d = (Aᵢ − Aⱼ)ᵀ Λ (Bᵢ − Bⱼ) / P; averaged over runs.
    public static func crossnobis(_ patterns: PatternSet, precision: Matrix?) throws -> RDM {
        let runs = Array(Set(patterns.runs)).sorted()
        guard runs.count >= 2 else {
            throw CompareError.invalidInput(name: patterns.name, detail: "crossnobis needs at least two runs (repeats); this input has \(runs.count)")
        }
        let labels = patterns.conditionLabels
        let k = labels.count, p = Double(patterns.measurements.columns)
        var sum = [Double](repeating: 0, count: k * (k - 1) / 2)
        for run in runs {
            let inside = patterns.runs.indices.filter { patterns.runs[$0] == run }
            let outside = patterns.runs.indices.filter { patterns.runs[$0] != run }
            for (rows, side) in [(inside, "in"), (outside, "outside")] where Set(rows.map { patterns.conditions[$0] }).count != k {
                throw CompareError.invalidInput(name: patterns.name, detail: "run \(run) (\(side) the fold) lacks some conditions; crossnobis needs every condition in every run")
            }
            var a = patterns.conditionMeans(rows: outside)
            if let precision { a = a.multiplied(by: precision) }
            let b = patterns.conditionMeans(rows: inside)
            let g = a.multiplied(by: b, transposeOther: true)
            var n = 0
            for i in 0..<k { for j in (i + 1)..<max(i + 1, k) { sum[n] += (g[i, i] + g[j, j] - g[i, j] - g[j, i]) / p; n += 1 } }
        }
        return RDM(conditions: k, vector: sum.map { $0 / Double(runs.count) }, name: patterns.name)
    }

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
