import ConnectomeCore
import Foundation
import NetworkModels
import SpikeIO
import SpikingEngine

/// A model file whose populations are graded (`"model": "graded"`) run to its files: the
/// graded kernel, traces instead of spikes (``GradedOutputs``) and summary.json.
public struct GradedModelRun {
    public var specification: ModelSpecification
    public var built: ModelBuilder.Built
    /// The model file, recorded in traces.h5.
    public var modelPath: String
    public var threads: Int
    public var directory: String
    public var progress: ((Double) -> Void)?

    public init(specification: ModelSpecification, built: ModelBuilder.Built, modelPath: String, threads: Int, directory: String,
                progress: ((Double) -> Void)? = nil) {
        self.specification = specification
        self.built = built
        self.modelPath = modelPath
        self.threads = threads
        self.directory = directory
        self.progress = progress
    }

    public static let outputs = ["summary.json"] + GradedOutputs.files

    public func execute() throws -> GradedSummary {
        var configuration = built.configuration
        configuration.maxRateHz = nil
        configuration.threads = threads
        let simulation = try GradedSimulation(network: built.network, stimuli: built.stimuli, configuration: configuration,
                                              recordInterval: specification.recording.voltageInterval
                                                  ?? (1 / configuration.resolution).rounded(.up) * configuration.resolution)
        let recorder = GradedTraceRecorder(neuronCount: built.network.neuronCount)
        let staging = try OutputStaging(directory)
        let summary = try simulation.run(traces: recorder, progress: progress)
        let neurons = built.network.neurons
        let table = NeuronTable(names: neurons.map(\.name), populations: neurons.map(\.population), classes: neurons.map(\.cellClass),
                                types: neurons.map(\.cellType))
        let label = built.stimuli.map(\.name).joined(separator: ", ")
        var window: (ClosedRange<Double>, String)? = nil
        if let first = built.stimuli.first, case let .current(_, start, stop) = first.kind, start < summary.durationMs {
            window = (start...min(stop, summary.durationMs), label)
        }
        let session = NWBWriter.Session(identifier: "plexus-\(specification.name)-seed\(configuration.seed)-\(summary.durationMs)ms",
                                        description: "Plexus simulation of the graded model \(specification.name) (\(modelPath)), "
                                            + "\(summary.durationMs) ms at dt \(summary.resolutionMs) ms",
                                        startTime: NWBWriter.creationDate())
        try GradedOutputs(recorder: recorder, table: table, thresholds: simulation.thresholds, summary: summary, label: label, window: window,
                          title: "\(specification.name): graded, \(label.isEmpty ? "no stimulus" : label)",
                          attributes: ["model_file": modelPath], session: session).write(into: staging)
        try AtomicFile.writeJSON(summary, to: staging.path("summary.json"))
        try staging.commit()
        return summary
    }
}
