import CElegans
import ConnectomeCore
import Foundation
import HDF5
import SpikeIO
import SpikingEngine

/// A perturbation map from a built worm to its files (docs/celegans.md "Perturbation maps"):
/// perturbation.h5 (the stimulated × responding matrix with names and the protocol as
/// attributes), perturbation.csv, a heat map and summary.json, moved into `directory` only
/// once complete.
public struct PerturbationMapRun {
    public var worm: GradedWorm
    /// Indices of the neurons to stimulate, in order.
    public var stimulated: [Int]
    public var amplitude: Double, start: Double, stop: Double
    public var configuration: SimulationConfiguration
    /// Sampling interval of the responses [ms], a multiple of the step.
    public var recordInterval: Double
    public var threads: Int
    public var directory: String
    /// Called once per finished row (from worker threads).
    public var progress: (@Sendable (Int) -> Void)?

    public init(worm: GradedWorm, stimulated: [Int], amplitude: Double, start: Double, stop: Double, configuration: SimulationConfiguration,
                recordInterval: Double = 1, threads: Int, directory: String, progress: (@Sendable (Int) -> Void)? = nil) {
        self.recordInterval = recordInterval
        self.worm = worm
        self.stimulated = stimulated
        self.amplitude = amplitude
        self.start = start
        self.stop = stop
        self.configuration = configuration
        self.threads = threads
        self.directory = directory
        self.progress = progress
    }

    /// What summary.json holds.
    public struct Summary: Encodable, Sendable {
        public var connectome: String, signs: String, stimulated: Int, responding: Int, amplitudePA: Double, startMs: Double, stopMs: Double
        public var durationMs: Double, dtMs: Double, threads: Int, wallSeconds: Double, ablated: [String], outputs: [String]
    }

    public func execute() throws -> Summary {
        guard start < configuration.duration, start > 0 else {
            throw WorkflowError("--perturbation-map needs rest before the step and the step inside the run: "
                                + "--stimulus-start \(start) ms, --duration \(configuration.duration) ms")
        }
        let names = worm.neurons.names
        let staging = try OutputStaging(directory)
        let clock = Date()
        let map = try PerturbationMap.run(worm: worm, stimulated: stimulated, amplitude: amplitude, onset: start, offset: stop,
                                          configuration: configuration, recordInterval: recordInterval, threads: threads, progress: progress)
        let seconds = Date().timeIntervalSince(clock)
        let rows = stimulated.map { names[$0] }
        try writeMatrix(map, rows: rows, to: staging.path("perturbation.h5"))
        var csv = "stimulated,responding,response\n"
        for (r, row) in rows.enumerated() {
            for (c, column) in names.enumerated() { csv += "\(row),\(column),\(map.responses[r * names.count + c])\n" }
        }
        try AtomicFile.write(Data(csv.utf8), to: staging.path("perturbation.csv"))
        let plot = MatrixHeatmap(values: map.responses, rows: rows, columns: names,
                                 title: "C. elegans \(worm.connectome), graded: response (Δactivity) to a \(amplitude) pA step on each row's neuron")
        try AtomicFile.write(Data(plot.svg().utf8), to: staging.path("perturbation.svg"))
        try AtomicFile.write(plot.png(), to: staging.path("perturbation.png"))
        let summary = Summary(connectome: worm.connectome, signs: worm.signs, stimulated: rows.count, responding: names.count,
                              amplitudePA: amplitude, startMs: start, stopMs: stop, durationMs: configuration.duration,
                              dtMs: configuration.resolution, threads: threads, wallSeconds: seconds, ablated: worm.composition.ablated,
                              outputs: ["perturbation.h5", "perturbation.csv", "perturbation.svg", "perturbation.png", "summary.json"])
        try AtomicFile.writeJSON(summary, to: staging.path("summary.json"))
        try staging.commit()
        return summary
    }

    /// perturbation.h5: `/response` [stimulated, responding], `/stimulated`, `/responding`, and the protocol as root attributes.
    func writeMatrix(_ map: PerturbationMap, rows: [String], to path: String) throws {
        let file = try HDF5File.create(path)
        let root = try file.root()
        try root.createStringDataset("stimulated", values: rows)
        try root.createStringDataset("responding", values: map.responding)
        let matrix = try root.createDataset("response", values: map.responses, rows: rows.count, columns: map.responding.count)
        try matrix.setAttribute("description", "mean activity over the last 200 ms of the step minus the mean before it; rows stimulated, columns responding")
        for (key, value) in [("amplitude_pA", amplitude), ("stimulus_start_ms", start), ("stimulus_stop_ms", stop),
                             ("duration_ms", configuration.duration), ("dt_ms", configuration.resolution)] {
            try root.setAttribute(key, value)
        }
        for (key, value) in [("connectome", worm.connectome), ("signs", worm.signs), ("model", "graded"),
                             ("ablated", worm.composition.ablated.joined(separator: ","))] {
            try root.setAttribute(key, value)
        }
        try file.flush()
    }
}
