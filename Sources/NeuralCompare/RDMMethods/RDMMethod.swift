import Foundation

// One file per method in this folder (an `extension RDM` with its `static func`); adding a
// method is a new file, a case below and its line in `compute`.

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
}
