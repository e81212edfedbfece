import Foundation

/// Measured response patterns: one row per observation (a stimulus presentation), with the
/// condition (stimulus) and run (repeat) it belongs to.
public struct PatternSet: Sendable {
    public let name: String
    public let measurements: Matrix
    public let conditions: [Int]
    public let runs: [Int]

    /// Validates that every value is finite and the labels match the rows.
    public init(name: String, measurements: Matrix, conditions: [Int], runs: [Int]? = nil) throws {
        guard conditions.count == measurements.rows else {
            throw CompareError.invalidInput(name: name, detail: "\(conditions.count) condition labels for \(measurements.rows) rows")
        }
        if let runs, runs.count != measurements.rows {
            throw CompareError.invalidInput(name: name, detail: "\(runs.count) run labels for \(measurements.rows) rows")
        }
        try Validation.requireFinite(measurements, name: name)
        self.name = name
        self.measurements = measurements
        self.conditions = conditions
        self.runs = runs ?? Array(repeating: 0, count: conditions.count)
        onePerConditionInOrder = zip(conditions, conditions.dropFirst()).allSatisfy { $0 < $1 }
    }

    /// Rows are already one per condition, in ascending label order: averaging is a copy.
    let onePerConditionInOrder: Bool

    /// One observation per condition: row i is condition i.
    public init(name: String, conditionPatterns: Matrix) throws {
        try self.init(name: name, measurements: conditionPatterns, conditions: Array(0..<conditionPatterns.rows))
    }

    /// A stimuli × channels × repeats array (`values[(s·channels + c)·repeats + r]`) as
    /// observations: condition = stimulus, run = repeat.
    public init(name: String, stimuli: Int, channels: Int, repeats: Int, values: [Double]) throws {
        var rows = [Double](), conditions = [Int](), runs = [Int]()
        rows.reserveCapacity(values.count)
        for r in 0..<repeats {
            for s in 0..<stimuli {
                for c in 0..<channels { rows.append(values[(s * channels + c) * repeats + r]) }
                conditions.append(s)
                runs.append(r)
            }
        }
        try self.init(name: name, measurements: Matrix(rows: stimuli * repeats, columns: channels, values: rows),
                      conditions: conditions, runs: runs)
    }

    /// Condition labels in ascending order (the RDM's row order, as rsatoolbox sorts them).
    public var conditionLabels: [Int] { Array(Set(conditions)).sorted() }

    /// The mean pattern of each condition (rows in ``conditionLabels`` order), over `rows`
    /// (all observations by default).
    public func conditionMeans(rows selected: [Int]? = nil) -> Matrix {
        if selected == nil && onePerConditionInOrder { return measurements }
        let labels = conditionLabels
        let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        var sums = Matrix(rows: labels.count, columns: measurements.columns)
        var counts = [Int](repeating: 0, count: labels.count)
        for r in selected ?? Array(0..<measurements.rows) {
            let k = index[conditions[r]]!
            counts[k] += 1
            for c in 0..<measurements.columns { sums[k, c] += measurements[r, c] }
        }
        for k in 0..<labels.count where counts[k] > 0 {
            for c in 0..<measurements.columns { sums[k, c] /= Double(counts[k]) }
        }
        return sums
    }

    /// Each observation minus its condition's mean: the noise the precision is estimated from.
    public func residuals() -> Matrix {
        let means = conditionMeans()
        let index = Dictionary(uniqueKeysWithValues: conditionLabels.enumerated().map { ($1, $0) })
        var out = measurements
        for r in 0..<measurements.rows {
            let k = index[conditions[r]]!
            for c in 0..<measurements.columns { out[r, c] -= means[k, c] }
        }
        return out
    }
}

enum Validation {
    static func requireFinite(_ m: Matrix, name: String) throws {
        if let bad = m.values.firstIndex(where: { !$0.isFinite }) {
            let row = bad / max(m.columns, 1), column = bad % max(m.columns, 1)
            throw CompareError.invalidInput(name: name, detail: "value \(m.values[bad]) at row \(row + 1), column \(column + 1) is not finite; remove or impute it")
        }
    }
}
