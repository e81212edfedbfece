import CElegans
import ConnectomeCore
import Foundation
import SpikingEngine
import StoreAdapter
import Workflows

extension Simulate {
    /// `plexus simulate celegans` with the graded model (worm-model.md; docs/celegans.md).
    func runGradedWorm() throws {
        let parameters = try worm.modelParams.map(GradedWormParameters.read(overridesFrom:)) ?? GradedWormParameters()
        let provider = StoreConnectomeProvider(store: try storeOptions.open())
        let cells = try provider.neurons(of: worm.connectomeName)
        let signs = try SynapseSigns.named(worm.signs ?? "transmitter", neurons: cells.names,
                                           signsDirectory: StoreOptions.shippedStoreDirectory + "/signs")
        let built = try GradedWorm.build(provider: provider, connectome: worm.connectomeName, parameters: parameters,
                                         threshold: worm.threshold ?? .restingEquilibrium, signs: signs, ablate: WormOptions.list(worm.ablate))
        var configuration = SimulationConfiguration(duration: duration ?? 3000, resolution: worm.dt ?? 0.1,
                                                    seed: seed ?? RandomStreams.defaultSeed, threads: threads ?? 1)
        configuration.maxRateHz = nil
        if worm.perturbationMap { return try runPerturbationMap(built, configuration: configuration) }
        let (chosen, steps) = try worm.gradedStimuli()
        let directory = out ?? "out/celegans"
        let bar = ProgressBar(label: "celegans (graded)", enabled: !(quiet || json))
        let report = try GradedWormRun(worm: built, parameters: parameters, steps: steps, protocol: chosen, configuration: configuration,
                                       recordInterval: worm.recordInterval ?? 1, directory: directory, progress: bar.update).execute()
        bar.finish()
        if json { return try printJSON(report) }
        print(report.text)
        print("Outputs in \(directory): " + GradedWormRun.outputs.joined(separator: ", "))
    }
}
