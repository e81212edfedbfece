import NetworkModels
import SpikingEngine
import Workflows

extension Simulate {
    /// Fails before the run if `--save-weights` cannot work, so no simulation time is wasted.
    func checkSaveWeights(_ specification: ModelSpecification) throws {
        guard storeOptions.store != nil else {
            throw CLIError("--save-weights writes a new connectome into a store: give --store PATH explicitly")
        }
        try LearnedWeights.check(specification, name: saveWeights ?? "", storePath: storeOptions.resolvedPath)
    }

    /// Adds the learned weights to the store as connectome `name` (``LearnedWeights``).
    func save(_ weights: [Simulation.PlasticWeight], as name: String, built: ModelBuilder.Built,
              specification: ModelSpecification, summary: SimulationSummary) throws {
        let count = try LearnedWeights.save(weights, as: name, built: built, specification: specification, summary: summary,
                                            modelPath: model, storePath: storeOptions.resolvedPath)
        if !json { print("Saved \(count) learned weights as connectome \(name) in \(storeOptions.resolvedPath).") }
    }
}
