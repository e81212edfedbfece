import ConnectomeCore
import Foundation

/// Turns a ``ModelSpecification`` into a network, stimuli and run configuration.
///
/// Every random choice (initial potentials, which synapses exist, drawn weights and delays)
/// comes from ``CounterRNG`` keyed by the model seed, the projection and the target neuron,
/// so the same file and seed always give the same network.
public struct ModelBuilder {
    public let specification: ModelSpecification
    let connectomes: ConnectomeProvider?

    public init(_ specification: ModelSpecification, connectomes: ConnectomeProvider? = nil) {
        self.specification = specification
        self.connectomes = connectomes
    }

    /// Everything `Simulation` needs.
    public struct Built {
        public var network: GeneratedNetwork
        public var stimuli: [Stimulus]
        public var configuration: SimulationConfiguration
    }

    /// Builds with optional overrides of the file's duration, seed and thread count.
    public func build(duration: Double? = nil, seed: UInt64? = nil, threads: Int = 1) throws -> Built {
        let spec = specification
        let seed = seed ?? spec.seed
        var neurons: [NeuronDescription] = []
        var populationStart: [String: Int] = [:]
        var populationSize: [String: Int] = [:]
        var connectomeOf: [String: (name: String, neurons: ConnectomeNeurons)] = [:]
        for population in spec.populations {
            populationStart[population.name] = neurons.count
            if let connectome = population.connectome {
                guard let connectomes else {
                    throw SpikingEngineError.invalidNetwork("population \(population.name) takes its neurons from connectome \(connectome), but no connectome store is available")
                }
                let cells = try connectomes.neurons(of: connectome)
                connectomeOf[population.name] = (connectome, cells)
                for (i, name) in cells.names.enumerated() {
                    neurons.append(NeuronDescription(
                        name: name, population: population.name, model: population.model,
                        initialPotential: draw(population.initialPotential, seed: seed, stream: 0, entity: UInt64(neurons.count), counter: 0),
                        cellClass: cells.classes[i], cellType: cells.types[i]))
                }
            } else {
                for i in 0..<population.size {
                    var neuron = NeuronDescription(
                        name: "\(population.name)[\(i)]", population: population.name, model: population.model,
                        initialPotential: draw(population.initialPotential, seed: seed, stream: 0, entity: UInt64(neurons.count), counter: 0))
                    neuron.spikeSourceRate = population.sourceRate
                    neurons.append(neuron)
                }
            }
            populationSize[population.name] = neurons.count - populationStart[population.name]!
        }

        var sources: [Int32] = [], targets: [Int32] = [], weights: [Double] = [], delays: [Double] = []
        var couplings: [GapJunction] = []
        var synapseRules: [UInt8] = [], rules: [STDPRule] = []
        var lazy: [(synapsesBefore: Int, projection: ConnectomeProjection)] = []
        for (p, projection) in spec.projections.enumerated() {
            var ruleNumber: UInt8 = 0
            if let rule = projection.plasticity {
                if let existing = rules.firstIndex(of: rule) { ruleNumber = UInt8(existing + 1) } else {
                    rules.append(rule)
                    ruleNumber = UInt8(rules.count)
                }
            }
            let stream = UInt64(1000 + p)
            let sourceStart = populationStart[projection.source]!, sourceCount = populationSize[projection.source]!
            var synapseCounter: UInt64 = 0
            func add(_ s: Int, _ t: Int, scale: Double = 1) {
                synapseCounter += 1
                sources.append(Int32(s))
                targets.append(Int32(t))
                weights.append(scale * draw(projection.weight, seed: seed, stream: stream, entity: UInt64(t), counter: 1 << 40 | synapseCounter))
                delays.append(draw(projection.delay, seed: seed, stream: stream, entity: UInt64(t), counter: 2 << 40 | synapseCounter))
                synapseRules.append(ruleNumber)
            }
            for targetPopulation in projection.targets {
                let targetStart = populationStart[targetPopulation]!, targetCount = populationSize[targetPopulation]!
                let samePopulation = targetPopulation == projection.source
                switch projection.rule {
                case let .fixedProbability(probability):
                    for t in 0..<targetCount {
                        var random = KeyedRandom(seed: seed, stream: stream, entity: UInt64(targetStart + t))
                        // Geometric skipping: O(expected synapses) draws instead of one per pair.
                        var s = -1
                        while probability > 0 {
                            if probability >= 1 { s += 1 } else {
                                s += 1 + Int((log(1 - random.uniform()) / log(1 - probability)).rounded(.down))
                            }
                            if s >= sourceCount { break }
                            if samePopulation && !projection.allowAutapses && s == t { continue }
                            add(sourceStart + s, targetStart + t)
                        }
                    }
                case let .fixedIndegree(k):
                    let available = sourceCount - (samePopulation && !projection.allowAutapses ? 1 : 0)
                    if !projection.allowMultapses && k > available {
                        throw SpikingEngineError.invalidNetwork("\(projection.name): indegree \(k) exceeds the \(available) possible sources without repeated synapses; set allow_multapses or lower indegree")
                    }
                    for t in 0..<targetCount {
                        var random = KeyedRandom(seed: seed, stream: stream, entity: UInt64(targetStart + t))
                        var chosen = Set<Int>()
                        var drawn = 0
                        while drawn < k {
                            let s = Int(random.uniform() * Double(sourceCount))
                            if samePopulation && !projection.allowAutapses && s == t { continue }
                            if !projection.allowMultapses && !chosen.insert(s).inserted { continue }
                            add(sourceStart + s, targetStart + t)
                            drawn += 1
                        }
                    }
                case .oneToOne:
                    guard sourceCount == targetCount else {
                        throw SpikingEngineError.invalidNetwork("\(projection.name): one_to_one needs equal sizes, got \(sourceCount) and \(targetCount)")
                    }
                    for i in 0..<targetCount where !(samePopulation && !projection.allowAutapses) { add(sourceStart + i, targetStart + i) }
                case .allToAll:
                    for t in 0..<targetCount {
                        for s in 0..<sourceCount where !(samePopulation && !projection.allowAutapses && s == t) { add(sourceStart + s, targetStart + t) }
                    }
                case let .explicit(pairs):
                    for (k, (s, t)) in pairs.enumerated() {
                        guard (0..<sourceCount).contains(s), (0..<targetCount).contains(t) else {
                            throw SpikingEngineError.invalidNetwork("\(projection.name): pair \(k) (\(s), \(t)) is outside the populations (\(sourceCount), \(targetCount) neurons)")
                        }
                        add(sourceStart + s, targetStart + t)
                    }
                case let .connectome(kind):
                    guard let source = connectomeOf[projection.source], let target = connectomeOf[targetPopulation], source.name == target.name else {
                        throw SpikingEngineError.invalidNetwork("\(projection.name): a connectome projection needs source and target populations taken from the same connectome")
                    }
                    if kind == "electrical" {
                        let edges = try connectomes!.edges(of: source.name, kind: kind)
                        for k in 0..<edges.pre.count {
                            couplings.append(GapJunction(a: sourceStart + edges.pre[k], b: targetStart + edges.post[k],
                                                         conductance: edges.weight[k] * projection.conductance))
                        }
                        continue
                    }
                    // Chemical synapses stay in the store until the network is lowered.
                    let cells = source.neurons
                    let signs: [Double?] = cells.names.indices.map { i in
                        projection.presynapticClassSigns[cells.classes[i]] ?? projection.transmitterSigns[cells.transmitters[i]]
                            ?? projection.transmitterSigns["*"]
                    }
                    lazy.append((synapsesBefore: sources.count, projection: try ConnectomeProjection(
                        name: projection.name, reader: try connectomes!.rowReader(of: source.name, kind: kind, delays: projection.storedDelays),
                        sourceStart: sourceStart, sourceCount: cells.names.count, targetStart: targetStart, signs: signs,
                        weight: projection.weight, delay: projection.storedDelays ? nil : projection.delay, seed: seed, stream: stream,
                        plasticity: projection.plasticity,
                        describeSource: { "\(cells.names[$0]) (transmitter \"\(cells.transmitters[$0])\")" })))
                }
            }
        }
        var network = GeneratedNetwork(neurons: neurons, sources: sources, targets: targets, weights: weights, delays: delays,
                                       synapseRules: rules.isEmpty ? [] : synapseRules, rules: rules,
                                       couplings: couplings, populationStart: populationStart,
                                       keepGenerationOrder: !lazy.isEmpty)
        network.attach(lazy)
        let stimuli = try spec.stimuli.map { stimulus in
            Stimulus(name: stimulus.name, kind: stimulus.kind,
                     targets: try resolve(stimulus.targets, neurons: neurons, populationStart: populationStart,
                                          populationSize: populationSize, item: "stimulus \(stimulus.name)"))
        }
        var configuration = SimulationConfiguration(duration: duration ?? spec.duration, resolution: spec.resolution, seed: seed, threads: threads)
        configuration.maxRateHz = spec.maxRateHz
        configuration.weightInterval = spec.recording.weightInterval
        if let spikes = spec.recording.spikes, spikes != .all {
            configuration.recordSpikes = try resolve(spikes, neurons: neurons, populationStart: populationStart, populationSize: populationSize, item: "spike recorder")
        } else if spec.recording.spikes == nil {
            configuration.recordSpikes = []
        }
        if let voltage = spec.recording.voltage {
            configuration.recordVoltage = try resolve(voltage, neurons: neurons, populationStart: populationStart, populationSize: populationSize, item: "voltage recorder")
            configuration.voltageInterval = spec.recording.voltageInterval
        }
        return Built(network: network, stimuli: stimuli, configuration: configuration)
    }

    /// Indices of the neurons a selector names; unknown names fail with the nearest valid ones.
    public func resolve(_ selector: NeuronSelector, neurons: [NeuronDescription], populationStart: [String: Int],
                        populationSize: [String: Int], item: String) throws -> [Int] {
        switch selector {
        case .all:
            return Array(0..<neurons.count)
        case let .population(name):
            return Array(populationStart[name]!..<(populationStart[name]! + populationSize[name]!))
        case let .names(names):
            var index: [String: Int] = [:]
            for (i, neuron) in neurons.enumerated() where index[neuron.name] == nil { index[neuron.name] = i }
            return try names.map { name in
                guard let i = index[name] else {
                    throw SpikingEngineError.unknownNeuron(item: item, name: name, hint: suggestion(name, neurons.map(\.name)))
                }
                return i
            }
        case let .cellClasses(classes):
            return try matching(classes, label: "class", of: neurons.map(\.cellClass), item: item)
        case let .cellTypes(types):
            return try matching(types, label: "type", of: neurons.map(\.cellType), item: item)
        case let .range(population, lower, upper):
            let size = populationSize[population]!
            guard upper <= size else { throw SpikingEngineError.neuronOutOfRange(item: item, index: upper - 1, count: size) }
            return Array((populationStart[population]! + lower)..<(populationStart[population]! + upper))
        }
    }

    /// Indices whose `values` entry is one of `wanted`; a wanted value no neuron has is an error.
    private func matching(_ wanted: [String], label: String, of values: [String], item: String) throws -> [Int] {
        let known = Set(values)
        for value in wanted where !known.contains(value) {
            throw SpikingEngineError.unknownNeuron(item: item, name: "\(label) \(value)", hint: suggestion(value, Array(known)))
        }
        let set = Set(wanted)
        return values.indices.filter { set.contains(values[$0]) }
    }

    private func suggestion(_ name: String, _ candidates: [String]) -> String {
        NameSuggestions.hint(for: name, in: Array(Set(candidates)).sorted())
    }

    /// A draw from a value specification (Box–Muller for normals, two uniforms per draw).
    func draw(_ value: ValueSpecification, seed: UInt64, stream: UInt64, entity: UInt64, counter: UInt64) -> Double {
        Self.draw(value, seed: seed, stream: stream, entity: entity, counter: counter)
    }

    static func draw(_ value: ValueSpecification, seed: UInt64, stream: UInt64, entity: UInt64, counter: UInt64) -> Double {
        switch value {
        case let .constant(x): return x
        case let .uniform(low, high):
            return low + (high - low) * CounterRNG.uniform(seed: seed, stream: stream, entity: entity, counter: counter)
        case let .normal(mean, sd):
            let u1 = CounterRNG.uniform(seed: seed, stream: stream, entity: entity, counter: counter << 1)
            let u2 = CounterRNG.uniform(seed: seed, stream: stream, entity: entity, counter: counter << 1 | 1)
            return mean + sd * (-2 * log(1 - u1)).squareRoot() * cos(2 * .pi * u2)
        }
    }
}
