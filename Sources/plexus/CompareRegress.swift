import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare
import Workflows

/// `plexus compare regress`.
struct CompareRegress: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "regress",
        abstract: "Neural predictivity: cross-validated regression of responses on model features (ridge or PLS), with noise ceilings.")

    @Option(help: "Model features: stimuli × features (CSV, NPY or FILE.h5:/dataset).") var features: String
    @Option(help: "Responses: stimuli × neurons, or stimuli × neurons × repeats (then fitted on the mean, with a split-half noise ceiling).")
    var responses: String
    @Option(help: "ridge (per-neuron alpha by inner CV) or pls.") var method: RegressionRun.Method = .ridge
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

    func run() throws {
        let (result, stimuli, features, targets) = try RegressionRun(
            features: self.features, responses: responses, method: method, alphas: alphas, innerFolds: innerFolds, components: components,
            folds: folds, splits: splits, testFraction: testFraction, labels: labels, seed: seed, saveSplits: saveSplits,
            loadSplits: loadSplits, out: out).execute()
        print(String(format: "%@ on %d stimuli × %d features → %d targets, %d splits: median %@ %.4f (computed in %.2f s); wrote %@",
                     method.rawValue, stimuli, features, targets, result.splits, result.noiseCeiling != nil ? "ceiled r" : "r", result.median,
                     result.timing.computeSeconds, out))
    }
}

extension RegressionRun.Method: ExpressibleByArgument {}
