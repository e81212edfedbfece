import ConnectomeCore
import Foundation
import NeuralCompare
import SpikeIO

/// `compare responses`: Plexus runs, one per stimulus condition, as a stimuli × neurons matrix
/// of spike counts or rates in a window, written as CSV (header of neuron names) or NPY.
public struct ResponseMatrix {
    public enum Unit: String, Sendable { case count, rate }

    /// spikes.h5 / spikes.csv files, or run directories holding spikes.h5, in stimulus order.
    public var runs: [String]
    public var from: Double
    /// Window end [ms]; nil: each run's duration.
    public var to: Double?
    public var unit: Unit
    public var out: String

    public init(runs: [String], from: Double, to: Double?, unit: Unit, out: String) {
        self.runs = runs
        self.from = from
        self.to = to
        self.unit = unit
        self.out = out
    }

    /// Builds and writes the matrix; returns it.
    public func execute() throws -> Matrix {
        guard !runs.isEmpty else { throw WorkflowError("give one run per stimulus") }
        var rows: [[Double]] = [], names: [String] = []
        for run in runs {
            var isDirectory: ObjCBool = false
            let path = FileManager.default.fileExists(atPath: run, isDirectory: &isDirectory) && isDirectory.boolValue ? run + "/spikes.h5" : run
            let file = try SpikeFile.read(path: path)
            if !rows.isEmpty, names != file.neurons.names {
                throw WorkflowError("\(path) has different neurons (\(file.neurons.names.count)) from \(runs[0]) (\(names.count)); all runs must simulate the same network")
            }
            names = file.neurons.names
            let end = to ?? file.duration
            guard end > from else { throw WorkflowError("\(path): the window \(from)–\(end) ms is empty") }
            var counts = [Double](repeating: 0, count: file.neurons.names.count)
            for (time, id) in zip(file.times, file.ids) where time >= from && time < end { counts[Int(id)] += 1 }
            rows.append(unit == .count ? counts : counts.map { $0 / (end - from) * 1000 })
        }
        let matrix = Matrix(rowArrays: rows)
        if out.hasSuffix(".npy") {
            try ArrayFile.writeNPY(matrix.values, shape: [matrix.rows, matrix.columns], to: out)
        } else {
            var csv = names.map { $0.contains(",") ? "\"\($0)\"" : $0 }.joined(separator: ",") + "\n"
            for r in 0..<matrix.rows { csv += matrix.row(r).map { "\($0)" }.joined(separator: ",") + "\n" }
            try AtomicFile.write(Data(csv.utf8), to: out)
        }
        return matrix
    }
}
