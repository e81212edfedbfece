import ConnectomeCore
import SpikingEngine
/// A network built from a model specification: neurons in population order and synapses in
/// compressed rows by source.
public struct GeneratedNetwork: NetworkRecipe, @unchecked Sendable {
    public var neurons: [NeuronDescription]
    var offsets: [Int]
    var targets: [Int32]
    var weights: [Double]
    var delays: [Double]
    /// 0 for a static synapse, r + 1 for `rules[r]`.
    var ruleOfSynapse: [UInt8]
    var rules: [STDPRule]
    public var couplings: [GapJunction]
    /// First neuron index of each population.
    public var populationStart: [String: Int]
    /// Chemical connectome projections read from a store while lowering, each after the
    /// explicit synapses generated before it (see ``ConnectomeProjection``).
    var storedProjections: [(synapsesBefore: Int, projection: ConnectomeProjection)] = []
    /// Generation index of each explicit synapse (kept only when there are stored projections,
    /// to interleave the two in projection order).
    var generation: [UInt32] = []

    public var neuronCount: Int { neurons.count }
    public func neuron(_ index: Int) -> NeuronDescription { neurons[index] }
    public func connections(from source: Int) throws -> [Connection] {
        func explicit(_ k: Int) -> Connection {
            Connection(target: Int(targets[k]), weight: weights[k], delay: delays[k],
                       plasticity: ruleOfSynapse.isEmpty || ruleOfSynapse[k] == 0 ? nil : rules[Int(ruleOfSynapse[k]) - 1])
        }
        let row = offsets[source]..<offsets[source + 1]
        guard !storedProjections.isEmpty else { return row.map(explicit) }
        var result: [Connection] = []
        var k = row.lowerBound
        for (before, projection) in storedProjections {
            while k < row.upperBound && Int(generation[k]) < before { result.append(explicit(k)); k += 1 }
            result += try projection.connections(from: source)
        }
        while k < row.upperBound { result.append(explicit(k)); k += 1 }
        return result
    }

    /// Adds stored connectome projections (in projection order).
    mutating func attach(_ projections: [(synapsesBefore: Int, projection: ConnectomeProjection)]) {
        storedProjections = projections
    }
    public func gapJunctions() -> [GapJunction] { couplings }
    /// The largest w_max of the network's plasticity rules (0 when static).
    public var maximumPlasticWeight: Double { rules.map(\.wMax).max() ?? 0 }

    public var synapseCountHint: Int? { synapseCount }

    /// The number of chemical synapses.
    public var synapseCount: Int { targets.count + storedProjections.reduce(0) { $0 + $1.projection.reader.edgeCount } }

    /// Sorts synapses given in any order into rows by source (stable, so equal sources keep
    /// their generation order and the network is the same however it was generated).
    init(neurons: [NeuronDescription], sources: [Int32], targets: [Int32], weights: [Double], delays: [Double],
         synapseRules: [UInt8] = [], rules: [STDPRule] = [], couplings: [GapJunction], populationStart: [String: Int],
         keepGenerationOrder: Bool = false) {
        self.neurons = neurons
        var offsets = [Int](repeating: 0, count: neurons.count + 1)
        for s in sources { offsets[Int(s) + 1] += 1 }
        for i in 0..<neurons.count { offsets[i + 1] += offsets[i] }
        var next = offsets
        var t = [Int32](repeating: 0, count: sources.count), w = [Double](repeating: 0, count: sources.count), d = [Double](repeating: 0, count: sources.count)
        var r = [UInt8](repeating: 0, count: synapseRules.isEmpty ? 0 : sources.count)
        var g = [UInt32](repeating: 0, count: keepGenerationOrder ? sources.count : 0)
        for k in 0..<sources.count {
            let slot = next[Int(sources[k])]
            t[slot] = targets[k]; w[slot] = weights[k]; d[slot] = delays[k]
            if keepGenerationOrder { g[slot] = UInt32(k) }
            if !synapseRules.isEmpty { r[slot] = synapseRules[k] }
            next[Int(sources[k])] += 1
        }
        self.ruleOfSynapse = r
        self.generation = g
        self.rules = rules
        self.offsets = offsets
        self.targets = t
        self.weights = w
        self.delays = d
        self.couplings = couplings
        self.populationStart = populationStart
    }
}
