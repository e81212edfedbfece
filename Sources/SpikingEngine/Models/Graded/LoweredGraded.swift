/// A graded network in the flat arrays the clock-driven kernel reads: per-neuron constants,
/// chemical synapses grouped by target (each target sums its own inputs, so threads own
/// targets and never write into another's), gap junctions as a symmetric adjacency list.
struct LoweredGraded: Sendable {
    let neuronCount: Int
    let names: [String]
    let populationNames: [String]
    let populationOfNeuron: [Int32]
    let parameters: [GradedParameters]
    let capacitance: [Double], leakConductance: [Double], leakReversal: [Double]
    let riseRate: [Double], decayRate: [Double], slope: [Double]

    /// Chemical synapses onto neuron i: incomingOffsets[i] ..< incomingOffsets[i+1], each with
    /// its presynaptic neuron, conductance g·N [nS] and reversal potential [mV].
    let incomingOffsets: [Int]
    let incomingSource: [Int32]
    let incomingConductance: [Double]
    let incomingReversal: [Double]
    /// Gap junctions of neuron i: gapOffsets[i] ..< gapOffsets[i+1]; `gapTotal[i]` = Σ g.
    let gapOffsets: [Int]
    let gapPartner: [Int32]
    let gapConductance: [Double]
    let gapTotal: [Double]
    let threshold: GradedThreshold

    init(_ recipe: NetworkRecipe) throws {
        let neurons = try Self.neurons(of: recipe)
        names = neurons.names
        populationNames = neurons.populationNames
        populationOfNeuron = neurons.populationOfNeuron
        parameters = neurons.parameters
        threshold = neurons.threshold
        neuronCount = recipe.neuronCount
        capacitance = parameters.map(\.capacitance)
        leakConductance = parameters.map(\.leakConductance)
        leakReversal = parameters.map(\.leakReversal)
        riseRate = parameters.map(\.riseRate)
        decayRate = parameters.map(\.decayRate)
        slope = parameters.map(\.slope)
        let synapses = try Self.incomingSynapses(of: recipe, names: names, parameters: parameters)
        incomingOffsets = synapses.offsets
        incomingSource = synapses.source
        incomingConductance = synapses.conductance
        incomingReversal = synapses.reversal
        let gaps = try Self.gapJunctions(of: recipe, names: names)
        gapOffsets = gaps.offsets
        gapPartner = gaps.partner
        gapConductance = gaps.conductance
        gapTotal = gaps.total
    }

    /// Names, populations and validated parameters of every neuron, and the network's one
    /// threshold convention.
    private static func neurons(of recipe: NetworkRecipe) throws
        -> (names: [String], populationNames: [String], populationOfNeuron: [Int32], parameters: [GradedParameters], threshold: GradedThreshold) {
        var names: [String] = [], populationNames: [String] = [], populationOfNeuron: [Int32] = []
        var populationIndex: [String: Int32] = [:]
        var parameters: [GradedParameters] = []
        var validated = Set<GradedParameters>()
        for i in 0..<recipe.neuronCount {
            let neuron = try recipe.neuron(i)
            guard case let .graded(p) = neuron.model, neuron.spikeSourceRate == nil else {
                throw SpikingEngineError.invalidNetwork("neuron \(neuron.name) (population \(neuron.population)) is not a graded neuron; the graded kernel runs graded networks only")
            }
            if validated.insert(p).inserted { try p.validate(item: "population \(neuron.population)") }
            let population = populationIndex[neuron.population] ?? Int32(populationNames.count)
            if population == Int32(populationNames.count) {
                populationIndex[neuron.population] = population
                populationNames.append(neuron.population)
            }
            names.append(neuron.name)
            populationOfNeuron.append(population)
            parameters.append(p)
        }
        let conventions = Set(parameters.map(\.threshold))
        guard conventions.count <= 1 else {
            throw SpikingEngineError.invalidNetwork("graded populations use different threshold conventions (\(conventions.map(\.rawValue).sorted().joined(separator: ", "))); V_th comes from one "
                + "network-wide solve, so choose one")
        }
        return (names, populationNames, populationOfNeuron, parameters, conventions.first ?? .restingEquilibrium)
    }

    /// Chemical synapses grouped by target in (source, listed order) order, by a counting
    /// sort; the weight's sign picks the target's excitatory or inhibitory reversal.
    private static func incomingSynapses(of recipe: NetworkRecipe, names: [String], parameters: [GradedParameters]) throws
        -> (offsets: [Int], source: [Int32], conductance: [Double], reversal: [Double]) {
        let n = recipe.neuronCount
        var sources: [Int32] = [], targets: [Int32] = [], conductances: [Double] = []
        for source in 0..<n {
            for connection in try recipe.connections(from: source) {
                let item = "synapse \(names[source]) → \(connection.target >= 0 && connection.target < n ? names[connection.target] : String(connection.target))"
                guard connection.target >= 0, connection.target < n else {
                    throw SpikingEngineError.neuronOutOfRange(item: item, index: connection.target, count: n)
                }
                guard connection.weight.isFinite else {
                    throw SpikingEngineError.invalidParameter(item: item, parameter: "weight", value: connection.weight, requirement: "a graded synapse's conductance [nS] must be finite")
                }
                guard connection.plasticity == nil else {
                    throw SpikingEngineError.invalidNetwork("\(item): graded synapses have no spike-timing-dependent plasticity")
                }
                sources.append(Int32(source))
                targets.append(Int32(connection.target))
                conductances.append(connection.weight)
            }
        }
        var offsets = [Int](repeating: 0, count: n + 1)
        for t in targets { offsets[Int(t) + 1] += 1 }
        for i in 0..<n { offsets[i + 1] += offsets[i] }
        var next = offsets
        var source = [Int32](repeating: 0, count: targets.count)
        var conductance = [Double](repeating: 0, count: targets.count), reversal = [Double](repeating: 0, count: targets.count)
        for k in targets.indices {
            let t = Int(targets[k])
            let slot = next[t]
            next[t] += 1
            source[slot] = sources[k]
            conductance[slot] = abs(conductances[k])
            reversal[slot] = conductances[k] >= 0 ? parameters[t].excitatoryReversal : parameters[t].inhibitoryReversal
        }
        return (offsets, source, conductance, reversal)
    }

    /// Gap junctions as a symmetric adjacency list (self-couplings carry no current and are dropped).
    private static func gapJunctions(of recipe: NetworkRecipe, names: [String]) throws
        -> (offsets: [Int], partner: [Int32], conductance: [Double], total: [Double]) {
        let partners = try recipe.gapJunctionPartners(names: names)
        var offsets = [0], partner: [Int32] = [], conductance: [Double] = [], total: [Double] = []
        for list in partners {
            partner += list.map(\.0)
            conductance += list.map(\.1)
            total.append(list.reduce(0) { $0 + $1.1 })
            offsets.append(partner.count)
        }
        return (offsets, partner, conductance, total)
    }

    var synapseCount: Int { incomingSource.count }
    var gapJunctionCount: Int { gapPartner.count / 2 }
}
