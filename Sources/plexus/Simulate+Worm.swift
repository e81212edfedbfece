import Workflows
import ConnectomeCore
import CElegans
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine
import StoreAdapter

extension Simulate {
    /// `plexus simulate celegans`: the graded worm by default, the spiking one with `--model lif`.
    func runWorm() throws {
        switch worm.neuronModel {
        case .graded: try runGradedWorm()
        case .lif: try runSpikingWorm()
        }
    }

    /// `plexus simulate celegans --model lif`: the spiking LIF worm.
    func runSpikingWorm() throws {
        try worm.rejectGradedOptionsForLIF()
        let parameters = try worm.modelParams.map(WormParameters.read(overridesFrom:)) ?? WormParameters()
        let stimuli = try worm.stimuli(parameters: parameters)
        let provider = StoreConnectomeProvider(store: try storeOptions.open())
        let duration = self.duration ?? 1000
        let specification = try WormModel.specification(connectome: worm.connectomeName, provider: provider, parameters: parameters,
                                                        stimuli: stimuli, duration: duration, seed: seed ?? RandomStreams.defaultSeed)
        var built = try ModelBuilder(specification, connectomes: provider).build()
        built.configuration.threads = threadCount(neurons: built.network.neuronCount)
        let directory = out ?? "out/celegans"
        let raster = InMemoryRaster()
        var attributes = ["connectome": worm.connectomeName, "stimulus": (worm.stimulus ?? .touchAnterior).rawValue]
        if !worm.stimulate.isEmpty { attributes["stimulate"] = worm.stimulate.joined(separator: " ") }
        if let first = stimuli.first, first.start < duration {
            attributes["stimulus_start_ms"] = "\(first.start)"
            attributes["stimulus_stop_ms"] = "\(min(first.stop, duration))"
            attributes["stimulus"] = stimuli.map(\.name).joined(separator: ", ")
        }
        let label = stimuli.map(\.name).joined(separator: ", ")
        let title = "C. elegans \(worm.connectomeName): \(label.isEmpty ? "no stimulus" : label), seed \(built.configuration.seed)"
        attributes["title"] = title
        let bar = ProgressBar(label: specification.name, enabled: !(quiet || json))
        let run = SimulationRun(name: specification.name, built: built, directory: directory, attributes: attributes, progress: bar.update)
        let (summary, _) = try run.execute(extraSinks: [raster])
        bar.finish()
        let report = try WormReport(run: run, summary: summary, raster: raster, stimuli: stimuli, connectome: worm.connectomeName, title: title)
        try report.write(to: directory)
        if json { return try printJSON(report.json) }
        print(SimulationRun.text(of: summary, directory: directory))
        print(report.text)
    }
}
