import ConnectomeCore
import SpikingEngine
extension ModelBuilder {
    /// A McCulloch–Pitts model ready to step.
    public struct BuiltBinary {
        public var network: BinaryNetwork
        public var neurons: [NeuronDescription]
        /// Number of synchronous steps (duration / resolution).
        public var steps: Int
        /// Length of one step [ms], for writing states as spike times.
        public var resolution: Double
    }

    /// Builds a model whose populations are all McCulloch–Pitts units. Connections come from
    /// the same rules as for LIF models (their delays are ignored: every connection acts after
    /// one step); `clamp` stimuli hold their targets at 0 or 1.
    public func buildBinary(duration: Double? = nil, seed: UInt64? = nil) throws -> BuiltBinary {
        let built = try build(duration: duration, seed: seed)
        let spec = specification
        var threshold: [String: Double] = [:], initial: [String: Bool] = [:]
        for population in spec.populations {
            guard let binary = population.binary else {
                throw SpikingEngineError.invalidNetwork("population \(population.name) is not McCulloch–Pitts")
            }
            threshold[population.name] = binary.threshold
            initial[population.name] = binary.initiallyActive
        }
        let neurons = built.network.neurons
        var synapses: [BinaryNetwork.Synapse] = []
        for source in 0..<neurons.count {
            for connection in try built.network.connections(from: source) {
                synapses.append(BinaryNetwork.Synapse(source: source, target: connection.target, weight: connection.weight))
            }
        }
        var clamped: [Int: Bool] = [:]
        for (specification, stimulus) in zip(spec.stimuli, built.stimuli) {
            guard let value = specification.clamp else { continue }
            for target in stimulus.targets { clamped[target] = value }
        }
        let network = try BinaryNetwork(thresholds: neurons.map { threshold[$0.population]! }, synapses: synapses,
                                        initial: neurons.map { initial[$0.population]! }, clamped: clamped)
        let steps = Int((built.configuration.duration / spec.resolution).rounded())
        guard steps >= 1 else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "duration", value: built.configuration.duration,
                                                      requirement: "must cover at least one step of \(spec.resolution) ms")
        }
        return BuiltBinary(network: network, neurons: neurons, steps: steps, resolution: spec.resolution)
    }
}
