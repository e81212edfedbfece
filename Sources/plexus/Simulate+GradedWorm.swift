import ConnectomeCore
import CElegans
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine
import StoreAdapter

extension Simulate {
    /// `plexus simulate celegans` with the graded model (worm-model.md; docs/celegans.md).
    func runGradedWorm() throws {
        let parameters = try worm.modelParams.map(GradedWormParameters.read(overridesFrom:)) ?? GradedWormParameters()
        let provider = StoreConnectomeProvider(store: try storeOptions.open())
        let cells = try provider.neurons(of: worm.connectomeName)
        let built = try GradedWorm.build(provider: provider, connectome: worm.connectomeName, parameters: parameters,
                                         threshold: worm.threshold ?? .restingEquilibrium, signs: try signChoice(neurons: cells.names),
                                         ablate: WormOptions.list(worm.ablate))
        var configuration = SimulationConfiguration(duration: duration ?? 3000, resolution: worm.dt ?? 0.1, seed: seed ?? RandomStreams.defaultSeed, threads: threads ?? 1)
        configuration.maxRateHz = nil
        if worm.perturbationMap { return try runPerturbationMap(built, parameters: parameters, configuration: configuration) }
        let (chosen, steps) = try worm.gradedStimuli()
        let simulation = try GradedSimulation(network: built.network, stimuli: try built.stimuli(steps), configuration: configuration,
                                              recordInterval: worm.recordInterval ?? 1)
        let first = steps.first
        let accumulator = ResponseAccumulator(onset: first?.start ?? 0, offset: first?.stop ?? 0, duration: configuration.duration)
        let recorder = GradedTraceRecorder(neuronCount: cells.names.count)
        let directory = out ?? "out/celegans"
        let staging = try OutputStaging(directory)
        let bar = ProgressBar(label: "celegans (graded)", enabled: !(quiet || json))
        let summary = try simulation.run(traces: GradedTraceSinks([recorder, accumulator]), progress: bar.update)
        bar.finish()

        let outputs = ["summary.json"] + GradedOutputs.files + ["command.svg", "command.png"]
        let report = GradedWormReport(worm: built, parameters: parameters, simulation: summary, steps: steps, protocol: chosen,
                                      accumulator: accumulator, outputs: outputs)
        let table = NeuronTable(names: cells.names, populations: Array(repeating: "neurons", count: cells.names.count),
                                classes: cells.classes, types: cells.types)
        let label = steps.map(\.name).joined(separator: ", ")
        let title = "C. elegans \(worm.connectomeName), graded: \(label.isEmpty ? "no stimulus" : label)"
            + (built.composition.ablated.isEmpty ? "" : "; ablated \(built.composition.ablated.joined(separator: ", "))")
        let window = first.flatMap { $0.start < summary.durationMs ? ($0.start...min($0.stop, summary.durationMs), label) : nil }
        var session = NWBWriter.Session(
            identifier: "plexus-celegans-graded-\(worm.connectomeName)-\(label.isEmpty ? "none" : label)-\(summary.durationMs)ms",
            description: "Plexus simulation of the C. elegans \(worm.connectomeName) connectome with graded neurons and synapses (signs \(built.signs)), stimulus \(label.isEmpty ? "none" : label), "
                + "\(summary.durationMs) ms at dt \(summary.resolutionMs) ms",
            startTime: NWBWriter.creationDate())
        session.subject = NWBWriter.Subject(identifier: "simulated-\(worm.connectomeName)", species: "Caenorhabditis elegans",
                                            sex: worm.connectomeName.hasSuffix("_male") ? "XO" : "XX",
                                            description: "A simulated animal wired as the \(worm.connectomeName) connectome (sex by karyotype, as NWB asks for C. elegans: XX hermaphrodite, XO male).")
        session.subject?.strain = "N2"
        try GradedOutputs(recorder: recorder, table: table, thresholds: simulation.thresholds, summary: summary, label: label, window: window,
                          title: title, attributes: ["connectome": worm.connectomeName, "signs": built.signs], session: session)
            .write(into: staging)
        let command = commandPlot(recorder: recorder, names: cells.names, window: window, title: title)
        try AtomicFile.write(Data(command.svg().utf8), to: staging.path("command.svg"))
        try AtomicFile.write(command.png(), to: staging.path("command.png"))
        try AtomicFile.writeJSON(report, to: staging.path("summary.json"))
        try staging.commit()
        if json { return try printJSON(report) }
        print(report.text)
        print("Outputs in \(directory): " + outputs.joined(separator: ", "))
    }

    /// `--signs`: a preset name or a CSV file.
    func signChoice(neurons: [String]) throws -> SynapseSigns {
        switch worm.signs ?? "transmitter" {
        case "transmitter": return .transmitter
        case "chalfie": return .chalfie
        case "fenyves2020":
            let path = StoreOptions.shippedStoreDirectory + "/signs/fenyves2020.csv"
            return .table(try SignTable.read(path: path, name: "fenyves2020", neurons: neurons, allowUnsigned: true))
        case let file:
            guard FileManager.default.fileExists(atPath: file) else {
                throw CLIError("--signs \(file): neither a preset (\(SynapseSigns.presets.joined(separator: ", "))) nor an existing CSV file pre,post,sign")
            }
            return .table(try SignTable.read(path: file, name: file, neurons: neurons))
        }
    }

    /// The command interneurons' activity over time, backward cells in reds, forward in blues.
    func commandPlot(recorder: GradedTraceRecorder, names: [String], window: (ClosedRange<Double>, String)?, title: String) -> TracePlot {
        let colors = ["AVAL": "#b2182b", "AVAR": "#d6604d", "AVDL": "#f4a582", "AVDR": "#e08214",
                      "AVBL": "#2166ac", "AVBR": "#4393c3", "PVCL": "#92c5de", "PVCR": "#35978f"]
        let lines = (CommandGroup.backward.cells + CommandGroup.forward.cells).compactMap { name in
            names.firstIndex(of: name).map { TracePlot.Line(label: name, values: recorder.column(recorder.activity, $0), color: colors[name]!) }
        }
        return TracePlot(times: recorder.times, lines: lines, yLabel: "activity", stimulus: window.map { ($0.0, $0.1) }, title: title)
    }
}
