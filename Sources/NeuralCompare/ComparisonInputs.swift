import Foundation

/// Turns files into the inputs of an analysis: response patterns and model RDMs.
public enum ComparisonInputs {
    /// Response patterns from a file: a 2-D array is conditions × channels (one observation
    /// each); a 3-D array is stimuli × channels × repeats; a CSV whose header has a
    /// `condition` (or `stimulus`) column, and optionally `run` (or `repeat`), is long format
    /// with one observation per row and the other columns as channels.
    public static func patterns(_ specifier: String) throws -> PatternSet {
        let array = try ArrayFile.read(specifier)
        if let names = array.columnNames, let condition = names.firstIndex(where: { ["condition", "stimulus"].contains($0) }) {
            let m = try array.matrix()
            let run = names.firstIndex(where: { ["run", "repeat"].contains($0) })
            let channels = names.indices.filter { $0 != condition && $0 != run }
            for label in [condition] + (run.map { [$0] } ?? []) where m.column(label).contains(where: { $0 != $0.rounded() }) {
                throw CompareError.invalidInput(name: specifier, detail: "column \(names[label]) must hold whole-number labels")
            }
            return try PatternSet(name: specifier, measurements: m.selecting(columns: channels),
                                  conditions: m.column(condition).map { Int($0) }, runs: run.map { m.column($0).map { Int($0) } })
        }
        switch array.shape.count {
        case 2: return try PatternSet(name: specifier, conditionPatterns: try array.matrix())
        case 3: return try PatternSet(name: specifier, stimuli: array.shape[0], channels: array.shape[1], repeats: array.shape[2], values: array.values)
        default:
            throw CompareError.invalidInput(name: specifier, detail: "expected conditions × channels (2-D) or stimuli × channels × repeats (3-D); got shape \(array.shape)")
        }
    }

    /// A model RDM over `conditions` conditions from a file holding either an RDM vector
    /// (K(K−1)/2 values, rsatoolbox order), a square RDM (K × K, symmetric, zero diagonal),
    /// or model features (K rows, e.g. a CNN layer's activations), whose RDM is computed with
    /// `featureMethod`.
    public static func modelRDM(_ specifier: String, conditions k: Int, featureMethod: RDMMethod) throws -> RDM {
        let array = try ArrayFile.read(specifier)
        let name = ((specifier as NSString).lastPathComponent as NSString).deletingPathExtension
        let pairs = k * (k - 1) / 2
        if array.values.count == pairs && (array.shape.count == 1 || array.shape.contains(1)) {
            try requireFinite(array.values, specifier)
            return RDM(conditions: k, vector: array.values, name: name)
        }
        let m = try array.matrix()
        guard m.rows == k else {
            throw CompareError.mismatch("\(specifier) has \(m.rows) rows but the data have \(k) conditions; give model features with one row per condition, or an RDM vector of \(pairs) values")
        }
        if m.columns == k, (0..<k).allSatisfy({ m[$0, $0] == 0 }), (0..<k).allSatisfy({ i in (0..<i).allSatisfy { m[i, $0] == m[$0, i] } }) {
            try requireFinite(m.values, specifier)
            return RDM.from(conditions: k, name: name) { m[$0, $1] }
        }
        let features = try PatternSet(name: specifier, conditionPatterns: m)
        guard featureMethod != .crossnobis else {
            throw CompareError.invalidInput(name: specifier, detail: "model features have no runs; use --model-rdm euclidean, correlation or poisson")
        }
        var rdm = try RDM.compute(featureMethod, patterns: features)
        rdm.name = name
        return rdm
    }

    static func requireFinite(_ values: [Double], _ name: String) throws {
        if let bad = values.firstIndex(where: { !$0.isFinite }) {
            throw CompareError.invalidInput(name: name, detail: "entry \(bad + 1) is \(values[bad]); RDMs must be finite")
        }
    }
}
