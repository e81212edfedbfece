import SpikingEngine
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
        let layout = try layoutNeurons(seed: seed)
        var synapses = DrawnSynapses()
        for (p, projection) in spec.projections.enumerated() {
            try draw(projection, index: p, layout: layout, seed: seed, into: &synapses)
        }
        var network = GeneratedNetwork(neurons: layout.neurons, sources: synapses.sources, targets: synapses.targets,
                                       weights: synapses.weights, delays: synapses.delays,
                                       synapseRules: synapses.rules.isEmpty ? [] : synapses.synapseRules, rules: synapses.rules,
                                       couplings: synapses.couplings, populationStart: layout.start,
                                       keepGenerationOrder: !synapses.lazy.isEmpty)
        network.attach(synapses.lazy)
        let stimuli = try spec.stimuli.map { stimulus in
            Stimulus(name: stimulus.name, kind: stimulus.kind, targets: try resolve(stimulus.targets, in: layout, item: "stimulus \(stimulus.name)"))
        }
        return Built(network: network, stimuli: stimuli,
                     configuration: try configuration(layout: layout, duration: duration, seed: seed, threads: threads))
    }

    /// Every population's neurons in order, initial potentials drawn from the
    /// initial-potential stream keyed by neuron index.
    func layoutNeurons(seed: UInt64) throws -> NeuronLayout {
        var layout = NeuronLayout()
        for population in specification.populations {
            layout.start[population.name] = layout.neurons.count
            func initialPotential() -> Double {
                draw(population.initialPotential, seed: seed, stream: RandomStreams.initialPotential, entity: UInt64(layout.neurons.count), counter: 0)
            }
            if let connectome = population.connectome {
                guard let connectomes else {
                    throw SpikingEngineError.invalidNetwork("population \(population.name) takes its neurons from connectome \(connectome), but no connectome store is available")
                }
                let cells = try connectomes.neurons(of: connectome)
                layout.connectomeOf[population.name] = (connectome, cells)
                for (i, name) in cells.names.enumerated() {
                    layout.neurons.append(NeuronDescription(name: name, population: population.name, model: population.model,
                                                            initialPotential: initialPotential(), cellClass: cells.classes[i], cellType: cells.types[i]))
                }
            } else {
                for i in 0..<population.size {
                    var neuron = NeuronDescription(name: "\(population.name)[\(i)]", population: population.name, model: population.model,
                                                   initialPotential: initialPotential())
                    neuron.spikeSourceRate = population.sourceRate
                    layout.neurons.append(neuron)
                }
            }
            layout.size[population.name] = layout.neurons.count - layout.start[population.name]!
        }
        return layout
    }

    /// The run configuration: duration, seed and threads (overrides first), the rate guard and
    /// the recorders resolved to neuron indices.
    func configuration(layout: NeuronLayout, duration: Double?, seed: UInt64, threads: Int) throws -> SimulationConfiguration {
        let spec = specification
        var configuration = SimulationConfiguration(duration: duration ?? spec.duration, resolution: spec.resolution, seed: seed, threads: threads)
        configuration.maxRateHz = spec.maxRateHz
        configuration.weightInterval = spec.recording.weightInterval
        if let spikes = spec.recording.spikes, spikes != .all {
            configuration.recordSpikes = try resolve(spikes, in: layout, item: "spike recorder")
        } else if spec.recording.spikes == nil {
            configuration.recordSpikes = []
        }
        if let voltage = spec.recording.voltage {
            configuration.recordVoltage = try resolve(voltage, in: layout, item: "voltage recorder")
            configuration.voltageInterval = spec.recording.voltageInterval
        }
        return configuration
    }

    func resolve(_ selector: NeuronSelector, in layout: NeuronLayout, item: String) throws -> [Int] {
        try resolve(selector, neurons: layout.neurons, populationStart: layout.start, populationSize: layout.size, item: item)
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
