import ConnectomeCore
import ArgumentParser
import Foundation
import Workflows

/// `plexus compare responses`: simulated activity as a stimuli × neurons matrix.
struct CompareResponses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "Turn Plexus runs, one per stimulus condition, into a stimuli × neurons response matrix (spike counts or rates in a window).")


    @Argument(help: "spikes.h5 / spikes.csv files (or run directories holding spikes.h5), one per stimulus, in stimulus order.")
    var runs: [String]
    @Option(help: "Window start [ms].") var from: Double = 0
    @Option(help: "Window end [ms] (default: each run's duration).") var to: Double?
    @Option(help: "count (spikes in the window) or rate (Hz).") var unit: ResponseMatrix.Unit = .count
    @Option(help: "Output file: .csv (header of neuron names) or .npy.") var out: String

    func run() throws {
        let matrix = try ResponseMatrix(runs: runs, from: from, to: to, unit: unit, out: out).execute()
        print("\(matrix.rows) stimuli × \(matrix.columns) neurons (\(unit.rawValue)s in \(from)–\(to.map { "\($0)" } ?? "end") ms) → \(out)")
    }
}

extension ResponseMatrix.Unit: ExpressibleByArgument {}
