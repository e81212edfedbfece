import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation
import NetworkModels
import SpikingEngine
import StoreAdapter

/// Learned weights of connectome-based plastic synapses saved into a store as a new
/// connectome, on the original's neuron population, with provenance naming the run
/// (`plexus simulate MODEL --save-weights NAME --store PATH`).
public enum LearnedWeights {
    /// Fails before the run if saving cannot work, so no simulation time is wasted.
    public static func check(_ specification: ModelSpecification, name: String, storePath: String) throws {
        guard StoreFormat.isValidName(name) else {
            throw WorkflowError("--save-weights needs a connectome name of letters, digits, _, . and -")
        }
        let plasticConnectome = specification.projections.contains { projection in
            projection.plasticity != nil && specification.populations.contains { $0.name == projection.source && $0.connectome != nil }
        }
        guard plasticConnectome else {
            throw WorkflowError("--save-weights needs a plastic projection between populations taken from a connectome")
        }
        if try StoreFile.open(storePath).connectomeNames.contains(name) {
            throw WorkflowError("\(storePath) already has a connectome named \(name); choose another --save-weights name")
        }
    }

    /// Adds `weights` to the store at `storePath` as connectome `name`; returns how many were saved.
    public static func save(_ weights: [Simulation.PlasticWeight], as name: String, built: ModelBuilder.Built,
                            specification: ModelSpecification, summary: SimulationSummary, modelPath: String, storePath: String) throws -> Int {
        let store = try StoreFile.open(storePath)
        let provider = StoreConnectomeProvider(store: store)
        let connectomeOf = Dictionary(uniqueKeysWithValues: specification.populations.compactMap { p in p.connectome.map { (p.name, $0) } })
        let neurons = built.network.neurons
        var byConnectome: [String: [Simulation.PlasticWeight]] = [:]
        for w in weights {
            guard let source = connectomeOf[neurons[w.source].population], connectomeOf[neurons[w.target].population] == source else { continue }
            byConnectome[source, default: []].append(w)
        }
        guard byConnectome.count == 1, let (original, learned) = byConnectome.first else {
            throw WorkflowError("--save-weights: the plastic synapses must come from exactly one connectome (found \(byConnectome.keys.sorted()))")
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
                                            sourceChecksums: [URL(fileURLWithPath: modelPath).lastPathComponent: try SHA256.hexDigest(ofFile: modelPath)],
                                            nodePopulations: [population.name], edgePopulations: [edgePopulation.name])
        try StoreWriter.add(nodes: [], edges: [edgePopulation], connectomes: [connectome], to: storePath)
        return learned.count
    }
}
