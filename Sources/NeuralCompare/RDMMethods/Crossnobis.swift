import Foundation

extension RDM {
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
}
