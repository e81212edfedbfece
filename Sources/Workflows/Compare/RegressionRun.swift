import ConnectomeCore
import Foundation
import NeuralCompare

/// `compare regress`: cross-validated regression of responses on model features (ridge with
/// per-target α, or PLS), with split-half noise ceilings for repeated responses; writes
/// result.json, scores.csv and predictivity.svg.
public struct RegressionRun {
    public enum Method: String, Sendable { case ridge, pls }

    public var features: String, responses: String
    public var method: Method
    /// Comma-separated ridge α values, or nil for the default grid.
    public var alphas: String?
    public var innerFolds: Int, components: Int, folds: Int
    public var splits: Int?
    public var testFraction: Double
    public var labels: String?
    public var seed: UInt64
    public var saveSplits: String?, loadSplits: String?
    public var out: String

    public init(features: String, responses: String, method: Method, alphas: String?, innerFolds: Int, components: Int, folds: Int,
                splits: Int?, testFraction: Double, labels: String?, seed: UInt64, saveSplits: String?, loadSplits: String?, out: String) {
        self.features = features
        self.responses = responses
        self.method = method
        self.alphas = alphas
        self.innerFolds = innerFolds
        self.components = components
        self.folds = folds
        self.splits = splits
        self.testFraction = testFraction
        self.labels = labels
        self.seed = seed
        self.saveSplits = saveSplits
        self.loadSplits = loadSplits
        self.out = out
    }

    /// What result.json holds.
    public struct Output: Encodable, Sendable {
        public let features: String, responses: String, method: String, alphas: [Double]?, components: Int?
        public let splits: Int, splitKind: String, seed: UInt64
        public let pearsonR: [Double], noiseCeiling: [Double]?, ceiledScores: [Double?]?
        public let median: Double, medianOf: String, ceilingFormula: String
        public let chosenAlphas: [[Double]]?, timing: Timing
    }

    /// The responses as stimuli × targets (3-D inputs averaged over repeats) and, for 3-D
    /// inputs, each target's split-half noise ceiling.
    func readResponses() throws -> (Matrix, [Double]?) {
        let array = try ArrayFile.read(responses)
        guard array.shape.count == 3 else { return (try array.matrix(), nil) }
        let (s, n, r) = (array.shape[0], array.shape[1], array.shape[2])
        var mean = Matrix(rows: s, columns: n)
        for i in 0..<s { for j in 0..<n { for k in 0..<r { mean[i, j] += array.values[(i * n + j) * r + k] / Double(r) } } }
        let ceiling = try NeuralReliability.splitHalf(values: array.values, stimuli: s, neurons: n, repeats: r, splits: 20, seed: seed, name: responses)
        return (mean, ceiling)
    }

    /// `--alphas`, or ten values log-spaced from 10⁻² to 10⁴.
    func alphaGrid() throws -> [Double] {
        guard let alphas else { return (0..<10).map { (k: Int) -> Double in pow(10.0, -2.0 + 6.0 * Double(k) / 9.0) } }
        let parts = alphas.split(separator: ",")
        guard !parts.isEmpty else { throw WorkflowError("--alphas: give one or more positive numbers, e.g. --alphas 0.1,1,10") }
        return try parts.map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v.isFinite else {
                throw WorkflowError("--alphas: \"\(part)\" is not a positive number")
            }
            return v
        }
    }

    /// Runs and writes the outputs; returns result.json's contents and the problem's size
    /// (stimuli, features, targets).
    public func execute() throws -> (output: Output, stimuli: Int, features: Int, targets: Int) {
        let start = DispatchTime.now()
        let x = try ArrayFile.read(features).matrix()
        let (y, ceiling) = try readResponses()
        let stimulusLabels = try labels.map { file -> [Int] in
            let values = try ArrayFile.read(file).values
            guard values.count == x.rows else { throw CompareError.mismatch("\(file) has \(values.count) labels but \(features) has \(x.rows) stimuli") }
            return values.map { Int($0) }
        }
        guard x.rows == y.rows else {
            throw CompareError.mismatch("\(features) has \(x.rows) stimuli (rows) but \(responses) has \(y.rows); both must list the same stimuli in the same order")
        }
        let chosenSplits: [Split]
        if let loadSplits {
            chosenSplits = try Splits.load(from: loadSplits, count: x.rows)
        } else if let splits {
            chosenSplits = try Splits.repeatedRandom(count: x.rows, repeats: splits, testFraction: testFraction, seed: seed, labels: stimulusLabels, name: responses)
        } else {
            chosenSplits = try Splits.shuffledKFold(count: x.rows, folds: folds, seed: seed, labels: stimulusLabels, name: responses)
        }
        let grid = try alphaGrid()
        let encoding: EncodingMethod = method == .ridge ? .ridge(alphas: grid, innerFolds: innerFolds) : .pls(components: components)
        let computeStart = DispatchTime.now()
        let result = try Encoding.evaluate(features: x, responses: y, method: encoding, splits: chosenSplits, ceiling: ceiling,
                                           featuresName: features, responsesName: responses)
        let compute = seconds(since: computeStart)

        var splitKind = loadSplits.map { "loaded from \($0)" } ?? splits.map { "\($0) random splits, test fraction \(testFraction)" } ?? "\(folds)-fold"
        if let labels { splitKind += ", stratified by \(labels)" }
        let chosenAlphas: [[Double]]? = result.alphas.map { a in (0..<a.rows).map { Array(a.row($0)) } }
        let medianOf = ceiling != nil ? "ceiled scores (targets with a positive ceiling)" : "raw Pearson r"
        let formula = "ceiled = r / ceiling, ceiling = split-half reliability with Spearman–Brown correction, mean over 20 random halves"
        let timing = Timing(computeSeconds: compute, totalSeconds: seconds(since: start))
        let output = Output(
            features: features, responses: responses, method: method.rawValue, alphas: method == .ridge ? grid : nil,
            components: method == .pls ? components : nil, splits: chosenSplits.count, splitKind: splitKind,
            seed: seed, pearsonR: result.scores, noiseCeiling: ceiling, ceiledScores: result.ceiledScores,
            median: result.median, medianOf: medianOf, ceilingFormula: formula, chosenAlphas: chosenAlphas, timing: timing)
        var csv = "target,pearson_r" + (ceiling != nil ? ",noise_ceiling,ceiled" : "") + "\n"
        for t in 0..<y.columns {
            csv += "\(t),\(result.scores[t])"
            if let ceiling { csv += ",\(ceiling[t]),\(result.ceiledScores![t].map { "\($0)" } ?? "")" }
            csv += "\n"
        }
        var files = ["result.json": try JSONOutput.encode(output), "scores.csv": Data(csv.utf8),
                     "predictivity.svg": Data(ComparisonPlots.histogram(result.ceiledScores.map { $0.compactMap { $0 } } ?? result.scores,
                                                                        title: "\(method.rawValue): held-out predictivity of \(y.columns) targets",
                                                                        xLabel: ceiling != nil ? "ceiled Pearson r" : "Pearson r").utf8)]
        if let saveSplits { files["splits.json"] = try JSONOutput.encode(chosenSplits); try Splits.save(chosenSplits, to: saveSplits) }
        try writeResults(files, to: out)
        return (output, x.rows, x.columns, y.columns)
    }
}
