import CElegans
import ConnectomeCore
import Foundation
import SpikeIO
import SpikingEngine

/// A graded worm run from a built worm to its files (docs/celegans.md "Outputs"): the
/// simulation, every neuron's response, the behaviour check, traces as HDF5, CSV and NWB, the
/// heat map and the command-interneuron plot, all moved into `directory` only once complete.
public struct GradedWormRun {
    public var worm: GradedWorm
    public var parameters: GradedWormParameters
    /// The protocol's step first (its window defines the responses), then any others.
    public var steps: [NamedStimulus]
    public var chosen: GradedProtocol
    public var configuration: SimulationConfiguration
    public var recordInterval: Double
    public var directory: String
    public var progress: ((Double) -> Void)?

    public init(worm: GradedWorm, parameters: GradedWormParameters, steps: [NamedStimulus], protocol chosen: GradedProtocol,
                configuration: SimulationConfiguration, recordInterval: Double, directory: String, progress: ((Double) -> Void)? = nil) {
        self.worm = worm
        self.parameters = parameters
        self.steps = steps
        self.chosen = chosen
        self.configuration = configuration
        self.recordInterval = recordInterval
        self.directory = directory
        self.progress = progress
    }

    /// The files written besides summary.json.
    public static let outputs = ["summary.json"] + GradedOutputs.files + ["command.svg", "command.png"]

    /// Runs and writes every output; nothing is left in `directory` if anything fails.
    public func execute() throws -> GradedWormReport {
        let cells = worm.neurons
        let simulation = try GradedSimulation(network: worm.network, stimuli: try worm.stimuli(steps), configuration: configuration,
                                              recordInterval: recordInterval)
        let first = steps.first
        let accumulator = ResponseAccumulator(onset: first?.start ?? 0, offset: first?.stop ?? 0, duration: configuration.duration)
        let recorder = GradedTraceRecorder(neuronCount: cells.names.count)
        let staging = try OutputStaging(directory)
        let summary = try simulation.run(traces: GradedTraceSinks([recorder, accumulator]), progress: progress)
        let report = GradedWormReport(worm: worm, parameters: parameters, simulation: summary, steps: steps, protocol: chosen,
                                      accumulator: accumulator, outputs: Self.outputs)
        let table = NeuronTable(names: cells.names, populations: Array(repeating: "neurons", count: cells.names.count),
                                classes: cells.classes, types: cells.types)
        let label = steps.map(\.name).joined(separator: ", ")
        let title = "C. elegans \(worm.connectome), graded: \(label.isEmpty ? "no stimulus" : label)"
            + (worm.composition.ablated.isEmpty ? "" : "; ablated \(worm.composition.ablated.joined(separator: ", "))")
        let window = first.flatMap { $0.start < summary.durationMs ? ($0.start...min($0.stop, summary.durationMs), label) : nil }
        try GradedOutputs(recorder: recorder, table: table, thresholds: simulation.thresholds, summary: summary, label: label, window: window,
                          title: title, attributes: ["connectome": worm.connectome, "signs": worm.signs],
                          session: session(label: label, summary: summary))
            .write(into: staging)
        let command = Self.commandPlot(recorder: recorder, names: cells.names, window: window, title: title)
        try AtomicFile.write(Data(command.svg().utf8), to: staging.path("command.svg"))
        try AtomicFile.write(command.png(), to: staging.path("command.png"))
        try AtomicFile.writeJSON(report, to: staging.path("summary.json"))
        try staging.commit()
        return report
    }

    /// The NWB session: a simulated animal of the connectome's sex (by karyotype, as NWB asks
    /// for C. elegans) and strain N2.
    func session(label: String, summary: GradedSummary) -> NWBWriter.Session {
        let stimulus = label.isEmpty ? "none" : label
        var session = NWBWriter.Session(
            identifier: "plexus-celegans-graded-\(worm.connectome)-\(stimulus)-\(summary.durationMs)ms",
            description: "Plexus simulation of the C. elegans \(worm.connectome) connectome with graded neurons and synapses (signs \(worm.signs)), "
                + "stimulus \(stimulus), \(summary.durationMs) ms at dt \(summary.resolutionMs) ms",
            startTime: NWBWriter.creationDate())
        session.subject = NWBWriter.Subject(identifier: "simulated-\(worm.connectome)", species: "Caenorhabditis elegans",
                                            sex: worm.connectome.hasSuffix("_male") ? "XO" : "XX",
                                            description: "A simulated animal wired as the \(worm.connectome) connectome "
                                                + "(sex by karyotype, as NWB asks for C. elegans: XX hermaphrodite, XO male).")
        session.subject?.strain = "N2"
        return session
    }

    /// The command interneurons' activity over time, backward cells in reds, forward in blues.
    static func commandPlot(recorder: GradedTraceRecorder, names: [String], window: (ClosedRange<Double>, String)?, title: String) -> TracePlot {
        let colors = ["AVAL": "#b2182b", "AVAR": "#d6604d", "AVDL": "#f4a582", "AVDR": "#e08214",
                      "AVBL": "#2166ac", "AVBR": "#4393c3", "PVCL": "#92c5de", "PVCR": "#35978f"]
        let lines = (CommandGroup.backward.cells + CommandGroup.forward.cells).compactMap { name in
            names.firstIndex(of: name).map { TracePlot.Line(label: name, values: recorder.column(recorder.activity, $0), color: colors[name] ?? "#000000") }
        }
        return TracePlot(times: recorder.times, lines: lines, yLabel: "activity", stimulus: window.map { ($0.0, $0.1) }, title: title)
    }
}
