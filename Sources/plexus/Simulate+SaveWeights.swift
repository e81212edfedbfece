import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine
import StoreAdapter

extension Simulate {
    /// Fails before the run if `--save-weights` cannot work, so no simulation time is wasted.
    func checkSaveWeights(_ specification: ModelSpecification) throws {
        guard storeOptions.store != nil else {
            throw CLIError("--save-weights writes a new connectome into a store: give --store PATH explicitly")
        }
        guard let name = saveWeights, StoreFormat.isValidName(name) else {
            throw CLIError("--save-weights needs a connectome name of letters, digits, _, . and -")
        }
        let plasticConnectome = specification.projections.contains { projection in
            projection.plasticity != nil && specification.populations.contains { $0.name == projection.source && $0.connectome != nil }
        }
        guard plasticConnectome else {
            throw CLIError("--save-weights needs a plastic projection between populations taken from a connectome")
        }
        if try storeOptions.open().connectomeNames.contains(name) {
            throw CLIError("\(storeOptions.resolvedPath) already has a connectome named \(name); choose another --save-weights name")
        }
    }

    /// Adds the learned weights of connectome-based plastic synapses to the store as connectome
    /// `name`, on the original's neuron population, with provenance naming the run.
    func save(_ weights: [Simulation.PlasticWeight], as name: String, built: ModelBuilder.Built,
              specification: ModelSpecification, summary: SimulationSummary) throws {
        let store = try storeOptions.open()
        let provider = StoreConnectomeProvider(store: store)
        let connectomeOf = Dictionary(uniqueKeysWithValues: specification.populations.compactMap { p in p.connectome.map { (p.name, $0) } })
        let neurons = built.network.neurons
        var byConnectome: [String: [Simulation.PlasticWeight]] = [:]
        for w in weights {
            guard let source = connectomeOf[neurons[w.source].population], connectomeOf[neurons[w.target].population] == source else { continue }
            byConnectome[source, default: []].append(w)
        }
        guard byConnectome.count == 1, let (original, learned) = byConnectome.first else {
            throw CLIError("--save-weights: the plastic synapses must come from exactly one connectome (found \(byConnectome.keys.sorted()))")
        }
        let population = try provider.neuronPopulation(of: original)
        var edges = EdgeList()
        for w in learned {
            edges.append(source: UInt32(try population.index(of: neurons[w.source].name)),
                         target: UInt32(try population.index(of: neurons[w.target].name)), weight: w.weight)
        }
        let source = try store.connectome(original)
        let semantics = "synaptic weight after STDP, in the model's units (mV for delta, pA for exponential synapses)"
        let description = "plastic copy of \(original) after \(summary.durationMs) ms, seed \(summary.seed) (model \(specification.name), \(PlexusVersion.creator))"
        let provenance = Provenance(citation: source.provenance.citation, license: source.provenance.license)
        let edgePopulation = EdgePopulationContents(name: EdgePopulationName.make(connectome: name, kind: .chemical, source: population.name, target: population.name),
                                                    sourcePopulation: population.name, targetPopulation: population.name,
                                                    kind: .chemical, weightSemantics: semantics, provenance: provenance, edges: edges)
        let connectome = ConnectomeContents(name: name, description: description, provenance: provenance, weightSemantics: semantics,
                                            sourceChecksums: [URL(fileURLWithPath: model).lastPathComponent: try SHA256.hexDigest(ofFile: model)],
                                            nodePopulations: [population.name], edgePopulations: [edgePopulation.name])
        try StoreWriter.add(nodes: [], edges: [edgePopulation], connectomes: [connectome], to: storeOptions.resolvedPath)
        if !json { print("Saved \(learned.count) learned weights as connectome \(name) in \(storeOptions.resolvedPath).") }
    }
}
