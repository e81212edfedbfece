import ConnectomeCore
import ConnectomeStore
import SpikingEngine

/// Lets models take neurons and synapses from a connectome store (the adapter DESIGN.md
/// calls StoreRecipe): the engine asks for a connectome by name and gets plain arrays.
///
/// A connectome's *neuron* population is the one named `…_neurons` (the shipped worm store
/// keeps muscles and other cells in their own populations); a store with a single node
/// population uses that one. Edges are those within the neuron population.
public final class StoreConnectomeProvider: ConnectomeProvider {
    public let store: StoreFile

    public init(store: StoreFile) { self.store = store }

    /// The neuron population of a connectome.
    public func neuronPopulation(of name: String) throws -> NodePopulation {
        let connectome = try store.connectome(name)
        let candidates = connectome.nodePopulations.filter { $0.name.hasSuffix("_neurons") }
        if candidates.count == 1 { return candidates[0] }
        guard connectome.nodePopulations.count == 1 else {
            throw SpikingEngineError.invalidNetwork("\(store.path): connectome \(name) has several node populations and none (or more than one) is named …_neurons; cannot tell which are neurons")
        }
        return connectome.nodePopulations[0]
    }

    public func neurons(of name: String) throws -> ConnectomeNeurons {
        let population = try neuronPopulation(of: name)
        let names = try population.names()
        let categorical = Set(try population.categoricalAttributeNames())
        func column(_ attribute: String) throws -> [String] {
            categorical.contains(attribute) ? try population.categorical(attribute) : Array(repeating: "", count: names.count)
        }
        return ConnectomeNeurons(names: names, classes: try column("class"), types: try column("type"),
                                 transmitters: try column("transmitter"))
    }

    public func edges(of name: String, kind: String) throws -> ConnectomeEdges {
        let population = try neuronPopulation(of: name).name
        let connectome = try store.connectome(name)
        var pre: [Int] = [], post: [Int] = [], weight: [Double] = []
        for edges in connectome.edgePopulations
        where edges.kind.rawValue == kind && edges.sourcePopulation == population && edges.targetPopulation == population {
            let list = try edges.edgeList()
            pre += list.sources.map(Int.init)
            post += list.targets.map(Int.init)
            weight += list.weights
        }
        return ConnectomeEdges(pre: pre, post: post, weight: weight)
    }
}
