import Foundation

/// Bounds on how well any model RDM can match subjects' RDMs, given their disagreement.
public struct RSANoiseCeiling: Sendable, Equatable {
    /// Mean similarity of each subject to the pooled RDM of the others (leave one out).
    public let lower: Double
    /// Mean similarity of each subject to the pooled RDM of all subjects (including itself).
    public let upper: Double

    /// The leave-one-subject-out ceiling of rsatoolbox's `boot_noise_ceiling` (which despite
    /// its name resamples nothing): `lower = mean_s compare(pool(others), s)`,
    /// `upper = mean_s compare(pool(all), s)`.
    public static func compute(_ subjects: [RDM], method: ComparisonMethod) throws -> RSANoiseCeiling {
        guard subjects.count >= 2 else {
            throw CompareError.invalidInput(name: "noise ceiling", detail: "needs RDMs of at least two subjects; got \(subjects.count)")
        }
        let all = pool(subjects, method: method)
        var lower = 0.0, upper = 0.0
        for (s, subject) in subjects.enumerated() {
            var others = subjects
            others.remove(at: s)
            lower += RDM.compare(pool(others, method: method), subject, method: method)
            upper += RDM.compare(all, subject, method: method)
        }
        return RSANoiseCeiling(lower: lower / Double(subjects.count), upper: upper / Double(subjects.count))
    }

    /// The group RDM the comparison method is invariant to (rsatoolbox `pool_rdm`): RMS-
    /// normalised mean for cosine methods, z-scored mean shifted to a zero minimum for
    /// correlation methods, mean average rank for rank methods.
    public static func pool(_ rdms: [RDM], method: ComparisonMethod) -> RDM {
        let n = rdms[0].vector.count
        var sum = [Double](repeating: 0, count: n)
        for rdm in rdms {
            let v = rdm.vector
            let transformed: [Double]
            switch method {
            case .cosine, .cosineCov:
                let rms = (v.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
                transformed = v.map { $0 / rms }
            case .corr, .corrCov:
                let c = Statistics.centered(v)
                let sd = (c.reduce(0) { $0 + $1 * $1 } / Double(n)).squareRoot()
                transformed = c.map { $0 / sd }
            case .spearman, .rhoA, .tauA:
                transformed = Statistics.averageRanks(v)
            }
            for i in 0..<n { sum[i] += transformed[i] }
        }
        var mean = sum.map { $0 / Double(rdms.count) }
        if method == .corr || method == .corrCov, let low = mean.min() { mean = mean.map { $0 - low } }
        return RDM(conditions: rdms[0].conditions, vector: mean, name: "pooled")
    }
}

/// Linear centred kernel alignment of two pattern matrices over the same conditions
/// (Kornblith et al. 2019): ‖YcᵀXc‖²_F / (‖XcᵀXc‖_F·‖YcᵀYc‖_F), computed through the
/// K × K Gram matrices (equal by the trace identity, cheaper when channels outnumber conditions).
public func linearCKA(_ x: Matrix, _ y: Matrix) throws -> Double {
    guard x.rows == y.rows else {
        throw CompareError.mismatch("CKA needs the same conditions in both inputs; got \(x.rows) and \(y.rows) rows")
    }
    let gx = x.centered().multiplied(by: x.centered(), transposeOther: true)
    let gy = y.centered().multiplied(by: y.centered(), transposeOther: true)
    let cross = Statistics.dot(gx.values, gy.values)
    let norms = (Statistics.dot(gx.values, gx.values) * Statistics.dot(gy.values, gy.values)).squareRoot()
    return norms > 0 ? cross / norms : 0
}
