/// A network built from a model specification: neurons in population order and synapses in
/// compressed rows by source.
public struct GeneratedNetwork: NetworkRecipe, Sendable {
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

    public var neuronCount: Int { neurons.count }
    public func neuron(_ index: Int) -> NeuronDescription { neurons[index] }
    public func connections(from source: Int) -> [Connection] {
        (offsets[source]..<offsets[source + 1]).map {
            Connection(target: Int(targets[$0]), weight: weights[$0], delay: delays[$0],
                       plasticity: ruleOfSynapse.isEmpty || ruleOfSynapse[$0] == 0 ? nil : rules[Int(ruleOfSynapse[$0]) - 1])
        }
    }
    public func gapJunctions() -> [GapJunction] { couplings }
    /// The largest w_max of the network's plasticity rules (0 when static).
    public var maximumPlasticWeight: Double { rules.map(\.wMax).max() ?? 0 }

    /// The number of chemical synapses.
    public var synapseCount: Int { targets.count }

    /// Sorts synapses given in any order into rows by source (stable, so equal sources keep
    /// their generation order and the network is the same however it was generated).
    init(neurons: [NeuronDescription], sources: [Int32], targets: [Int32], weights: [Double], delays: [Double],
         synapseRules: [UInt8] = [], rules: [STDPRule] = [], couplings: [GapJunction], populationStart: [String: Int]) {
        self.neurons = neurons
        var offsets = [Int](repeating: 0, count: neurons.count + 1)
        for s in sources { offsets[Int(s) + 1] += 1 }
        for i in 0..<neurons.count { offsets[i + 1] += offsets[i] }
        var next = offsets
        var t = [Int32](repeating: 0, count: sources.count), w = [Double](repeating: 0, count: sources.count), d = [Double](repeating: 0, count: sources.count)
        var r = [UInt8](repeating: 0, count: synapseRules.isEmpty ? 0 : sources.count)
        for k in 0..<sources.count {
            let slot = next[Int(sources[k])]
            t[slot] = targets[k]; w[slot] = weights[k]; d[slot] = delays[k]
            if !synapseRules.isEmpty { r[slot] = synapseRules[k] }
            next[Int(sources[k])] += 1
        }
        self.ruleOfSynapse = r
        self.rules = rules
        self.offsets = offsets
        self.targets = t
        self.weights = w
        self.delays = d
        self.couplings = couplings
        self.populationStart = populationStart
    }
}
