import ConnectomeCore
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine

extension Simulate {
    /// A model file whose populations are graded (`"model": "graded"`): the graded kernel,
    /// traces instead of spikes.
    func runGradedModel(_ specification: ModelSpecification, built: ModelBuilder.Built) throws {
        guard saveWeights == nil else { throw CLIError("--save-weights: graded synapses are not plastic; remove --save-weights") }
        var configuration = built.configuration
        configuration.maxRateHz = nil
        configuration.threads = threads ?? 1
        let simulation = try GradedSimulation(network: built.network, stimuli: built.stimuli, configuration: configuration,
                                              recordInterval: specification.recording.voltageInterval ?? max(1, configuration.resolution))
        let directory = out ?? "out/\(specification.name)"
        let recorder = GradedTraceRecorder(neuronCount: built.network.neuronCount)
        let staging = try OutputStaging(directory)
        let bar = ProgressBar(label: specification.name, enabled: !(quiet || json))
        let summary = try simulation.run(traces: recorder, progress: bar.update)
        bar.finish()
        let neurons = built.network.neurons
        let table = NeuronTable(names: neurons.map(\.name), populations: neurons.map(\.population), classes: neurons.map(\.cellClass),
                                types: neurons.map(\.cellType))
        let label = built.stimuli.map(\.name).joined(separator: ", ")
        var window: (ClosedRange<Double>, String)? = nil
        if let first = built.stimuli.first, case let .current(_, start, stop) = first.kind, start < summary.durationMs {
            window = (start...min(stop, summary.durationMs), label)
        }
        let session = NWBWriter.Session(identifier: "plexus-\(specification.name)-seed\(configuration.seed)-\(summary.durationMs)ms",
                                        description: "Plexus simulation of the graded model \(specification.name) (\(model)), \(summary.durationMs) ms at dt \(summary.resolutionMs) ms",
                                        startTime: NWBWriter.creationDate())
        try GradedOutputs(recorder: recorder, table: table, thresholds: simulation.thresholds, summary: summary, label: label, window: window,
                          title: "\(specification.name): graded, \(label.isEmpty ? "no stimulus" : label)",
                          attributes: ["model_file": model], session: session).write(into: staging)
        try AtomicFile.writeJSON(summary, to: staging.path("summary.json"))
        try staging.commit()
        if json { return try printJSON(summary) }
        print(String(format: "Simulated %g ms of %d graded neurons (%d synapses, %d gap junctions) in %.2f s.", summary.durationMs,
                     summary.neurons, summary.synapses, summary.gapJunctions, summary.wallSeconds))
        print("Outputs in \(directory): " + (["summary.json"] + GradedOutputs.files).joined(separator: ", "))
    }
}
