import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare

/// `plexus compare regress`.
struct CompareRegress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Neural predictivity: cross-validated regression of responses on model features (ridge or PLS), with noise ceilings.")

    enum Method: String, ExpressibleByArgument { case ridge, pls }

    @Option(help: "Model features: stimuli × features (CSV, NPY or FILE.h5:/dataset).") var features: String
    @Option(help: "Responses: stimuli × neurons, or stimuli × neurons × repeats (then fitted on the mean, with a split-half noise ceiling).")
    var responses: String
    @Option(help: "ridge (per-neuron alpha by inner CV) or pls.") var method: Method = .ridge
    @Option(help: "Ridge alpha grid, comma-separated (default: 10 values from 1e-2 to 1e4, log-spaced).") var alphas: String?
    @Option(help: "Inner folds for choosing alpha (unshuffled k-fold of the training stimuli, as himalaya).") var innerFolds: Int = 5
    @Option(help: "PLS components.") var components: Int = 25
    @Option(help: "Outer k-fold cross-validation (shuffled with --seed). Ignored with --splits.") var folds: Int = 5
    @Option(help: "Instead of k folds: this many random train/test splits (Brain-Score: 10).") var splits: Int?
    @Option(help: "Test fraction of each random split.") var testFraction: Double = 0.1
    @Option(help: "Stimulus labels (one per stimulus, CSV/NPY): folds and splits are stratified by them (Brain-Score: object).") var labels: String?
    @Option(help: "Seed for the splits and the noise-ceiling halves.") var seed: UInt64 = RandomStreams.defaultSeed
    @Option(help: "Write the splits used to this JSON file.") var saveSplits: String?
    @Option(help: "Use the splits in this JSON file (from --save-splits).") var loadSplits: String?
    @Option(help: "Output directory.") var out: String

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
        guard !parts.isEmpty else { throw ValidationError("--alphas: give one or more positive numbers, e.g. --alphas 0.1,1,10") }
        return try parts.map { part in
            guard let v = Double(part.trimmingCharacters(in: .whitespaces)), v > 0, v.isFinite else {
                throw ValidationError("--alphas: \"\(part)\" is not a positive number")
            }
            return v
        }
    }

    func run() throws {
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

        struct Output: Encodable {
            let features: String; let responses: String; let method: String; let alphas: [Double]?; let components: Int?
            let splits: Int; let splitKind: String; let seed: UInt64
            let pearsonR: [Double]; let noiseCeiling: [Double]?; let ceiledScores: [Double?]?
            let median: Double; let medianOf: String; let ceilingFormula: String
            let chosenAlphas: [[Double]]?; let timing: Timing
        }
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
        var files = ["result.json": try jsonData(output), "scores.csv": Data(csv.utf8),
                     "predictivity.svg": Data(ComparisonPlots.histogram(result.ceiledScores.map { $0.compactMap { $0 } } ?? result.scores,
                                                                        title: "\(method.rawValue): held-out predictivity of \(y.columns) targets",
                                                                        xLabel: ceiling != nil ? "ceiled Pearson r" : "Pearson r").utf8)]
        if let saveSplits { files["splits.json"] = try jsonData(chosenSplits); try Splits.save(chosenSplits, to: saveSplits) }
        try writeResults(files, to: out)
        print(String(format: "%@ on %d stimuli × %d features → %d targets, %d splits: median %@ %.4f (computed in %.2f s); wrote %@",
                     method.rawValue, x.rows, x.columns, y.columns, chosenSplits.count, ceiling != nil ? "ceiled r" : "r", result.median, compute, out))
    }
}
