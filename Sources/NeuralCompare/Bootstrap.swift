import ConnectomeCore
import Foundation

/// What a bootstrap resamples.
public enum BootstrapScheme: String, CaseIterable, Sendable {
    /// Conditions (stimuli), with replacement; pairs of a condition with its own copy are
    /// left out of the comparison (rsatoolbox `bootstrap_sample_pattern`).
    case stimuli
    /// Subjects, with replacement.
    case subjects
    /// Both at once.
    case both
}

/// A bootstrap distribution and its percentile interval.
public struct BootstrapSummary: Sendable, Equatable {
    public let mean: Double
    public let standardError: Double
    /// 2.5th and 97.5th percentiles (linear interpolation, numpy's default).
    public let lower: Double, upper: Double
    public let samples: [Double]

    public init(samples: [Double]) {
        self.samples = samples
        let finite = samples.filter(\.isFinite).sorted()
        let average = finite.reduce(0, +) / Double(max(finite.count, 1))
        mean = average
        let variance = finite.reduce(0) { $0 + ($1 - average) * ($1 - average) } / Double(max(finite.count - 1, 1))
        standardError = variance.squareRoot()
        lower = BootstrapSummary.percentile(finite, 2.5)
        upper = BootstrapSummary.percentile(finite, 97.5)
    }

    static func percentile(_ sorted: [Double], _ q: Double) -> Double {
        guard !sorted.isEmpty else { return .nan }
        let position = q / 100 * Double(sorted.count - 1)
        let low = Int(position.rounded(.down)), high = min(low + 1, sorted.count - 1)
        return sorted[low] + (sorted[high] - sorted[low]) * (position - Double(low))
    }
}

public enum RSABootstrap {
    /// The bootstrap distribution of each model's mean similarity to the subjects' RDMs.
    /// Draws come from a SplitMix64 stream seeded with `seed`, so results are reproducible.
    public static func evaluate(models: [RDM], subjects: [RDM], method: ComparisonMethod, scheme: BootstrapScheme,
                                samples: Int, seed: UInt64) -> [BootstrapSummary] {
        var generator = SplitMix64(seed: seed)
        let k = subjects[0].conditions
        var results = [[Double]](repeating: [], count: models.count)
        for _ in 0..<samples {
            let chosenSubjects = scheme == .stimuli ? Array(subjects.indices)
                : subjects.indices.map { _ in generator.below(subjects.count) }
            let conditions = scheme == .subjects ? Array(0..<k) : (0..<k).map { _ in generator.below(k) }
            let duplicated = scheme != .subjects
            func sample(_ rdm: RDM) -> RDM { duplicated ? rdm.bootstrapSubset(conditions) : rdm }
            let sampledSubjects = chosenSubjects.map { sample(subjects[$0]) }
            for (m, model) in models.enumerated() {
                let sampledModel = sample(model)
                let similarity = sampledSubjects.reduce(0.0) { $0 + RDM.compare(sampledModel, $1, method: method) } / Double(sampledSubjects.count)
                results[m].append(similarity)
            }
        }
        return results.map { BootstrapSummary(samples: $0) }
    }
}

extension RDM {
    /// The RDM over resampled `indices`, with NaN for pairs of a condition with its own copy.
    func bootstrapSubset(_ indices: [Int]) -> RDM {
        let k = indices.count
        var v = [Double]()
        v.reserveCapacity(k * (k - 1) / 2)
        for a in 0..<k { for b in (a + 1)..<max(a + 1, k) { v.append(indices[a] == indices[b] ? .nan : self[indices[a], indices[b]]) } }
        return RDM(conditions: k, vector: v, name: name)
    }
}

