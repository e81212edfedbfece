import ConnectomeCore
import CElegans
import Foundation
import SpikeIO
import SpikingEngine

/// The worm run's extra outputs: NWB, raster plots, and a summary with rates per neuron and
/// type, first-spike latencies and the command-interneuron check of Chalfie et al. (1985).
public struct WormReport {
    public struct Behaviour: Encodable {
        var stimulus: String
        /// Mean rate change (during − before the stimulus) of backward (AVA, AVD) and forward
        /// (AVB, PVC) command interneurons [Hz].
        var backwardChangeHz: Double?
        var forwardChangeHz: Double?
        /// Anterior touch should favour backward, posterior touch forward (Chalfie et al. 1985).
        var expected: String
        var agrees: Bool?
    }
    public struct JSON: Encodable {
        var simulation: SimulationSummary
        var connectome: String
        var stimuli: [String]
        var ratePerTypeHz: [String: Double]
        var behaviour: Behaviour
        var neurons: [NeuronActivity]
    }

    public let json: JSON
    let analysis: RasterAnalysis
    let plot: RasterPlot
    let table: NeuronTable
    let raster: InMemoryRaster
    let session: NWBWriter.Session

    public init(run: SimulationRun, summary: SimulationSummary, raster: InMemoryRaster, stimuli: [NamedStimulus], connectome: String, title: String) throws {
        table = run.neurons
        self.raster = raster
        let first = stimuli.first
        // A stimulus that starts after the run ends has no window in this run.
        let window = first.flatMap { $0.start < summary.durationMs ? $0.start...min($0.stop, summary.durationMs) : nil }
        analysis = RasterAnalysis(times: raster.times, ids: raster.neurons, table: table, duration: summary.durationMs, stimulus: window)
        let label = stimuli.map(\.name).joined(separator: ", ")
        plot = RasterPlot(times: raster.times, ids: raster.neurons, table: table, duration: summary.durationMs,
                          stimulus: window.map { ($0, label) },
                          title: title)
        let backward = analysis.stimulusResponse(classes: ["AVA", "AVD"]), forward = analysis.stimulusResponse(classes: ["AVB", "PVC"])
        let name = first?.name ?? "none"
        var expected = "no prediction for this stimulus", agrees: Bool? = nil
        if let backward, let forward {
            if name == "touch-anterior" { expected = "backward > forward"; agrees = backward > forward }
            if name == "touch-posterior" { expected = "forward > backward"; agrees = forward > backward }
        }
        json = JSON(simulation: summary, connectome: connectome, stimuli: stimuli.map(\.name), ratePerTypeHz: analysis.ratePerType,
                    behaviour: Behaviour(stimulus: name, backwardChangeHz: backward, forwardChangeHz: forward, expected: expected, agrees: agrees),
                    neurons: analysis.neurons)
        session = NWBWriter.Session(
            identifier: "plexus-celegans-\(connectome)-\(name)-seed\(summary.seed)-\(summary.durationMs)ms",
            description: "Plexus simulation of the C. elegans \(connectome) connectome (LIF, exponential currents), stimulus \(label.isEmpty ? "none" : label), \(summary.durationMs) ms, seed "
                + "\(summary.seed)",
            startTime: NWBWriter.creationDate())
    }

    public func write(to directory: String) throws {
        try AtomicFile.writeJSON(json, to: directory + "/summary.json")
        var perNeuron = [[Double]](repeating: [], count: table.count)
        for (time, id) in zip(raster.times, raster.neurons) { perNeuron[Int(id)].append(time) }
        try NWBWriter.write(path: directory + "/spikes.nwb", session: session, neurons: table, spikeTimes: perNeuron)
        try AtomicFile.write(Data(plot.svg().utf8), to: directory + "/raster.svg")
        try AtomicFile.write(plot.png(), to: directory + "/raster.png")
    }

    public var text: String {
        var lines = ["Rates by type: " + json.ratePerTypeHz.sorted { $0.key < $1.key }.map { String(format: "%@ %.2f Hz", $0.key, $0.value) }.joined(separator: ", ")]
        let b = json.behaviour
        if let backward = b.backwardChangeHz, let forward = b.forwardChangeHz {
            lines.append(String(format: "Command interneurons, rate change during %@: backward (AVA, AVD) %+.1f Hz, forward (AVB, PVC) %+.1f Hz; expected %@: %@.",
                                b.stimulus, backward, forward, b.expected, b.agrees.map { $0 ? "yes" : "no" } ?? "n/a"))
        }
        let latencies = analysis.neurons.compactMap { n in n.firstSpikeLatencyMs.map { (n.name, $0) } }.sorted { $0.1 < $1.1 }.prefix(8)
        if !latencies.isEmpty {
            lines.append("First responders: " + latencies.map { String(format: "%@ %.1f ms", $0.0, $0.1) }.joined(separator: ", "))
        }
        lines.append("Also written: spikes.nwb, raster.svg, raster.png")
        return lines.joined(separator: "\n")
    }
}
