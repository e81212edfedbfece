import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare
import SpikeIO

/// `plexus compare responses`: simulated activity as a stimuli × neurons matrix.
struct CompareResponses: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "responses",
        abstract: "Turn Plexus runs, one per stimulus condition, into a stimuli × neurons response matrix (spike counts or rates in a window).")

    enum Unit: String, ExpressibleByArgument { case count, rate }

    @Argument(help: "spikes.h5 / spikes.csv files (or run directories holding spikes.h5), one per stimulus, in stimulus order.")
    var runs: [String]
    @Option(help: "Window start [ms].") var from: Double = 0
    @Option(help: "Window end [ms] (default: each run's duration).") var to: Double?
    @Option(help: "count (spikes in the window) or rate (Hz).") var unit: Unit = .count
    @Option(help: "Output file: .csv (header of neuron names) or .npy.") var out: String

    func run() throws {
        guard !runs.isEmpty else { throw ValidationError("give one run per stimulus") }
        var rows: [[Double]] = [], names: [String]? = nil
        for run in runs {
            var isDirectory: ObjCBool = false
            let path = FileManager.default.fileExists(atPath: run, isDirectory: &isDirectory) && isDirectory.boolValue ? run + "/spikes.h5" : run
            let file = try SpikeFile.read(path: path)
            if let names, names != file.neurons.names {
                throw ValidationError("\(path) has different neurons (\(file.neurons.names.count)) from \(runs[0]) (\(names.count)); all runs must simulate the same network")
            }
            names = file.neurons.names
            let end = to ?? file.duration
            guard end > from else { throw ValidationError("\(path): the window \(from)–\(end) ms is empty") }
            var counts = [Double](repeating: 0, count: file.neurons.names.count)
            for (time, id) in zip(file.times, file.ids) where time >= from && time < end { counts[Int(id)] += 1 }
            rows.append(unit == .count ? counts : counts.map { $0 / (end - from) * 1000 })
        }
        let matrix = Matrix(rowArrays: rows)
        if out.hasSuffix(".npy") {
            try ArrayFile.writeNPY(matrix.values, shape: [matrix.rows, matrix.columns], to: out)
        } else {
            var csv = names!.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
            for r in 0..<matrix.rows { csv += matrix.row(r).map { "\($0)" }.joined(separator: ",") + "\n" }
            try AtomicFile.write(Data(csv.utf8), to: out)
        }
        print("\(matrix.rows) stimuli × \(matrix.columns) neurons (\(unit.rawValue)s in \(from)–\(to.map { "\($0)" } ?? "end") ms) → \(out)")
    }
}
