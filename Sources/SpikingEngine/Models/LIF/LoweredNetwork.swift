/// The network in the flat arrays the update loop reads (struct of arrays).
struct LoweredNetwork: Sendable {
    var neuronCount: Int
    var names: [String] = []
    var models: [LoweredLIF] = []
    var modelOfNeuron: [UInt16] = []
    var initialPotential: [Double] = []
    var populationNames: [String] = []
    var populationOfNeuron: [Int32] = []
    /// Spike-source rate per neuron [1/ms]; NaN for LIF neurons.
    var sourceRate: [Double] = []
    var hasSources: Bool { sourceRate.contains { !$0.isNaN } }

    // Fan-out in CSR: synapses of neuron s are synapseOffsets[s] ..< synapseOffsets[s+1].
    var synapseOffsets: [Int] = [0]
    var synapseTargets: [Int32] = []
    var synapseWeights: [Float] = []
    /// Weights in double precision, kept only for networks with plasticity (the rule updates
    /// them by amounts far below single precision).
    var synapseWeightsExact: [Double] = []
    /// Index into `delays`: most networks use a handful of distinct delays, so 2 bytes per
    /// synapse keep every delay exact.
    var synapseDelayIndex: [UInt16] = []
    var delays: [Double] = []

    // Gap junctions as a symmetric adjacency list.
    var gapOffsets: [Int] = [0]
    var gapPartners: [Int32] = []
    var gapConductance: [Double] = []

    var minDelay: Double = .infinity
    var maxDelay: Double = 0

    // Plasticity (empty when every synapse is static).
    var rules: [STDPRule] = []
    /// 0 for a static synapse, r + 1 for rule r.
    var synapseRule: [UInt8] = []
    /// Plastic synapses ending at neuron i: incomingPlastic[incomingOffsets[i] ..< incomingOffsets[i+1]].
    var incomingOffsets: [Int] = []
    var incomingPlastic: [Int] = []
    var isPlastic: Bool { !rules.isEmpty }

    init(_ recipe: NetworkRecipe, resolution: Double) throws {
        neuronCount = recipe.neuronCount
        try lowerNeurons(recipe)
        try lowerSynapses(recipe, resolution: resolution)
        try lowerGapJunctions(recipe)
    }

    /// Names, populations, initial potentials, spike-source rates and the distinct LIF
    /// parameter sets (validated once each).
    private mutating func lowerNeurons(_ recipe: NetworkRecipe) throws {
        names.reserveCapacity(neuronCount)
        var modelIndex: [LIFParameters: UInt16] = [:]
        var populationIndex: [String: Int32] = [:]
        var rates: [Double] = []
        for i in 0..<neuronCount {
            let neuron = try recipe.neuron(i)
            let item = "neuron \(neuron.name) (population \(neuron.population))"
            if let rate = neuron.spikeSourceRate {
                guard rate >= 0, rate.isFinite else {
                    throw SpikingEngineError.invalidParameter(item: "population \(neuron.population)", parameter: "rate_hz", value: rate, requirement: "a spike source needs a rate ≥ 0 Hz")
                }
                rates.append(rate / 1000)
            } else {
                rates.append(.nan)
            }
            if neuron.spikeSourceRate == nil, neuron.model.family != .spiking {
                throw SpikingEngineError.invalidNetwork("\(item) is a \(neuron.model.family.rawValue) neuron; the spiking kernel runs LIF neurons and spike sources only (graded networks run in "
                    + "GradedSimulation)")
            }
            if modelIndex[neuron.parameters] == nil {
                try neuron.parameters.validate(item: "population \(neuron.population)")
                guard models.count < Int(UInt16.max) else { throw SpikingEngineError.invalidNetwork("more than 65535 distinct neuron parameter sets") }
                modelIndex[neuron.parameters] = UInt16(models.count)
                models.append(LoweredLIF(neuron.parameters))
            }
            guard neuron.initialPotential.isFinite else {
                throw SpikingEngineError.invalidParameter(item: item, parameter: "V_m initial", value: neuron.initialPotential, requirement: "must be finite")
            }
            if populationIndex[neuron.population] == nil {
                populationIndex[neuron.population] = Int32(populationNames.count)
                populationNames.append(neuron.population)
            }
            names.append(neuron.name)
            modelOfNeuron.append(modelIndex[neuron.parameters]!)
            initialPotential.append(neuron.initialPotential)
            populationOfNeuron.append(populationIndex[neuron.population]!)
        }
        sourceRate = rates
    }

    /// The fan-out in CSR with interned delays and, once a plastic synapse appears, exact
    /// weights and rule numbers for every synapse.
    private mutating func lowerSynapses(_ recipe: NetworkRecipe, resolution: Double) throws {
        synapseOffsets.reserveCapacity(neuronCount + 1)
        var delayIndex: [Double: UInt16] = [:]
        var ruleIndex: [STDPRule: UInt8] = [:]
        var ruleOfSynapse: [UInt8] = []
        var exactWeights: [Double] = []
        if let hint = recipe.synapseCountHint {
            synapseTargets.reserveCapacity(hint)
            synapseWeights.reserveCapacity(hint)
            synapseDelayIndex.reserveCapacity(hint)
        }
        for source in 0..<neuronCount {
            for connection in try recipe.connections(from: source) {
                let item = "connection \(names[source]) → \(connection.target < neuronCount && connection.target >= 0 ? names[connection.target] : String(connection.target))"
                guard connection.target >= 0 && connection.target < neuronCount else {
                    throw SpikingEngineError.neuronOutOfRange(item: item, index: connection.target, count: neuronCount)
                }
                guard sourceRate[connection.target].isNaN else {
                    throw SpikingEngineError.invalidNetwork("\(item): \(names[connection.target]) is a spike source, which cannot receive input")
                }
                guard connection.weight.isFinite else {
                    throw SpikingEngineError.invalidParameter(item: item, parameter: "weight", value: connection.weight, requirement: "must be a finite number")
                }
                guard connection.delay.isFinite, connection.delay >= resolution * (1 - 1e-12) else {
                    throw SpikingEngineError.delayBelowResolution(item: item, delay: connection.delay, resolution: resolution)
                }
                // The engine keeps one bucket of pending inputs per step of the longest delay.
                guard connection.delay / resolution <= Self.maximumDelaySteps else {
                    throw SpikingEngineError.invalidParameter(item: item, parameter: "delay", value: connection.delay,
                                                              requirement: "is \(connection.delay / resolution) steps of \(resolution) ms; "
                                                                  + "delays of at most \(Int(Self.maximumDelaySteps)) steps are supported")
                }
                if delayIndex[connection.delay] == nil {
                    guard delays.count < Int(UInt16.max) else {
                        throw SpikingEngineError.invalidNetwork("more than 65535 distinct delays; round delays to fewer values")
                    }
                    delayIndex[connection.delay] = UInt16(delays.count)
                    delays.append(connection.delay)
                }
                var rule: UInt8 = 0
                if let plasticity = connection.plasticity {
                    if ruleIndex[plasticity] == nil {
                        try plasticity.validate(item: item)
                        guard rules.count < 254 else { throw SpikingEngineError.invalidNetwork("more than 254 distinct plasticity rules") }
                        ruleIndex[plasticity] = UInt8(rules.count + 1)
                        rules.append(plasticity)
                    }
                    guard connection.weight >= 0 && connection.weight <= plasticity.wMax else {
                        throw SpikingEngineError.invalidParameter(item: item, parameter: "weight", value: connection.weight,
                                                                  requirement: "a plastic weight must lie in [0, w_max = \(plasticity.wMax)]")
                    }
                    rule = ruleIndex[plasticity]!
                }
                // Exact weights and rule numbers are kept only once a plastic synapse exists
                // (static synapses before it get their single-precision weight and rule 0):
                // 9 bytes per synapse saved for static networks.
                if !rules.isEmpty && ruleOfSynapse.count < synapseTargets.count {
                    ruleOfSynapse = Array(repeating: 0, count: synapseTargets.count)
                    exactWeights = synapseWeights.map(Double.init)
                }
                if !rules.isEmpty {
                    ruleOfSynapse.append(rule)
                    exactWeights.append(connection.weight)
                }
                synapseTargets.append(Int32(connection.target))
                synapseWeights.append(Float(connection.weight))
                synapseDelayIndex.append(delayIndex[connection.delay]!)
                minDelay = min(minDelay, connection.delay)
                maxDelay = max(maxDelay, connection.delay)
            }
            synapseOffsets.append(synapseTargets.count)
        }
        if !rules.isEmpty {
            synapseRule = ruleOfSynapse
            synapseWeightsExact = exactWeights
            indexPlasticSynapses()
        }
    }

    /// Plastic synapses grouped by target (a counting sort), for potentiation at a postsynaptic spike.
    private mutating func indexPlasticSynapses() {
        let ruleOfSynapse = synapseRule
        var counts = [Int](repeating: 0, count: neuronCount + 1)
        for k in 0..<synapseTargets.count where ruleOfSynapse[k] != 0 { counts[Int(synapseTargets[k]) + 1] += 1 }
        for i in 0..<neuronCount { counts[i + 1] += counts[i] }
        var next = counts
        var incoming = [Int](repeating: 0, count: counts[neuronCount])
        for k in 0..<synapseTargets.count where ruleOfSynapse[k] != 0 {
            incoming[next[Int(synapseTargets[k])]] = k
            next[Int(synapseTargets[k])] += 1
        }
        incomingOffsets = counts
        incomingPlastic = incoming
    }

    /// Gap junctions as a symmetric adjacency list.
    private mutating func lowerGapJunctions(_ recipe: NetworkRecipe) throws {
        let partners = try recipe.gapJunctionPartners(names: names)
        for list in partners {
            for (partner, g) in list {
                gapPartners.append(partner)
                gapConductance.append(g)
            }
            gapOffsets.append(gapPartners.count)
        }
    }

    /// 10^7 steps (1000 s at 0.1 ms): the ring of per-step input buckets stays in memory.
    static let maximumDelaySteps = 1e7

    var synapseCount: Int { synapseTargets.count }
    var gapJunctionCount: Int { gapPartners.count / 2 }

    /// Bytes per synapse held by the connection tables.
    var bytesPerSynapse: Double {
        guard synapseCount > 0 else { return 0 }
        let perSynapse = MemoryLayout<Int32>.size + MemoryLayout<Float>.size + MemoryLayout<UInt16>.size
        return Double(perSynapse * synapseCount + MemoryLayout<Int>.size * (neuronCount + 1)) / Double(synapseCount)
    }
}

extension LIFParameters: Hashable {
    public func hash(into hasher: inout Hasher) {
        hasher.combine(tauMembrane); hasher.combine(capacitance); hasher.combine(restingPotential)
        hasher.combine(threshold); hasher.combine(reset); hasher.combine(refractoryPeriod); hasher.combine(biasCurrent)
        switch synapse {
        case .delta: hasher.combine(0)
        case let .exponential(e, i): hasher.combine(1); hasher.combine(e); hasher.combine(i)
        case let .conductance(e, i, reversalE, reversalI):
            hasher.combine(2); hasher.combine(e); hasher.combine(i); hasher.combine(reversalE); hasher.combine(reversalI)
        }
    }
}
