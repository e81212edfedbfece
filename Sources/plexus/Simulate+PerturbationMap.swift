import ConnectomeCore
import CElegans
import Foundation
import HDF5
import SpikeIO
import SpikingEngine

extension Simulate {
    /// `plexus simulate celegans --perturbation-map`: every listed neuron stimulated in turn.
    func runPerturbationMap(_ built: GradedWorm, parameters: GradedWormParameters, configuration: SimulationConfiguration) throws {
        let names = built.neurons.names
        let listed = WormOptions.list(worm.neurons)
        let stimulated = listed.isEmpty ? Array(names.indices) : try GradedWorm.resolve(listed, in: names, option: "--neurons")
        let start = worm.stimulusStart ?? 1000, stop = start + (worm.stimulusDuration ?? 1000), amplitude = worm.amplitude ?? 20
        guard start < configuration.duration, start > 0 else {
            throw CLIError("--perturbation-map needs rest before the step and the step inside the run: --stimulus-start \(start) ms, --duration \(configuration.duration) ms")
        }
        let directory = out ?? "out/perturbation"
        let staging = try OutputStaging(directory)
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let bar = ProgressBar(label: "perturbation map", enabled: !(quiet || json))
        let progress = SharedProgress(bar, total: stimulated.count)
        let clock = Date()
        let map = try PerturbationMap.run(worm: built, stimulated: stimulated, amplitude: amplitude, onset: start, offset: stop,
                                          configuration: configuration, threads: cores) { _ in progress.advance() }
        bar.finish()
        let seconds = Date().timeIntervalSince(clock)
        let rows = stimulated.map { names[$0] }
        // HDF5: the matrix with names and the protocol as attributes.
        let output = staging.path("perturbation.h5")
        do {
            let file = try HDF5File.create(output)
            let root = try file.root()
            try root.createStringDataset("stimulated", values: rows)
            try root.createStringDataset("responding", values: names)
            let matrix = try root.createDataset("response", values: map.responses, rows: rows.count, columns: names.count)
            try matrix.setAttribute("description", "mean activity over the last 200 ms of the step minus the mean before it; rows stimulated, columns responding")
            for (key, value) in [("amplitude_pA", amplitude), ("stimulus_start_ms", start), ("stimulus_stop_ms", stop),
                                 ("duration_ms", configuration.duration), ("dt_ms", configuration.resolution)] {
                try root.setAttribute(key, value)
            }
            for (key, value) in [("connectome", worm.connectomeName), ("signs", built.signs), ("model", "graded"),
                                 ("ablated", built.composition.ablated.joined(separator: ","))] {
                try root.setAttribute(key, value)
            }
            try file.flush()
        }
        var csv = "stimulated,responding,response\n"
        for (r, row) in rows.enumerated() {
            for (c, column) in names.enumerated() { csv += "\(row),\(column),\(map.responses[r * names.count + c])\n" }
        }
        try AtomicFile.write(Data(csv.utf8), to: staging.path("perturbation.csv"))
        let plot = MatrixHeatmap(values: map.responses, rows: rows, columns: names,
                                 title: "C. elegans \(worm.connectomeName), graded: response (Δactivity) to a \(amplitude) pA step on each row's neuron")
        try AtomicFile.write(Data(plot.svg().utf8), to: staging.path("perturbation.svg"))
        try AtomicFile.write(plot.png(), to: staging.path("perturbation.png"))
        struct Summary: Encodable {
            var connectome: String, signs: String, stimulated: Int, responding: Int, amplitudePA: Double, startMs: Double, stopMs: Double
            var durationMs: Double, dtMs: Double, threads: Int, wallSeconds: Double, ablated: [String], outputs: [String]
        }
        let summary = Summary(connectome: worm.connectomeName, signs: built.signs, stimulated: rows.count, responding: names.count,
                              amplitudePA: amplitude, startMs: start, stopMs: stop, durationMs: configuration.duration,
                              dtMs: configuration.resolution, threads: cores, wallSeconds: seconds, ablated: built.composition.ablated,
                              outputs: ["perturbation.h5", "perturbation.csv", "perturbation.svg", "perturbation.png", "summary.json"])
        try AtomicFile.writeJSON(summary, to: staging.path("summary.json"))
        try staging.commit()
        if json { return try printJSON(summary) }
        print(String(format: "Perturbation map: %d stimulated × %d responding neurons in %.1f s on %d threads.", rows.count, names.count, seconds, cores))
        print("Outputs in \(directory): " + summary.outputs.joined(separator: ", "))
    }
}

/// The progress bar advanced by worker threads, one at a time.
private final class SharedProgress: @unchecked Sendable {
    private let bar: ProgressBar
    private let total: Int
    private var done = 0
    private let lock = NSLock()
    init(_ bar: ProgressBar, total: Int) {
        self.bar = bar
        self.total = total
    }
    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        bar.update(Double(done) / Double(max(1, total)))
    }
}
