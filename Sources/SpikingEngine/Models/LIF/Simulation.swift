import Foundation

/// Runs a network of LIF neurons with exact spike times.
///
/// Scheduling contract (after Arbor's `simulation.cpp`):
/// - Time advances in epochs of E steps of the resolution dt, where E·dt ≤ the minimum
///   synaptic delay (E = 1 when gap junctions couple neurons, because their currents are
///   exchanged every step).
/// - U (update): within an epoch every neuron is advanced independently, step by step, with
///   its inputs for those steps, all of which are known when the epoch starts: a spike emitted
///   at t arrives at t + delay ≥ epoch end. Neurons are split into contiguous blocks, one per
///   thread.
/// - D (deliver): after the epoch, spikes are sorted by (time, neuron) and delivered into the
///   per-step buckets of their arrival times; each bucket is sorted by (target, time, order)
///   before use, so the order in which a neuron sees its inputs never depends on threads.
/// - E (export): spikes go to the recorder in the same sorted order; voltages per sample.
/// Random numbers come from ``CounterRNG`` keyed by (seed, stimulus, neuron, step), so the
/// raster is identical for any thread count.
public final class Simulation {
    let network: LoweredNetwork
    let stimuli: LoweredStimuli
    public let configuration: SimulationConfiguration

    /// Builds the simulation, validating the network, stimuli and configuration.
    public init(network recipe: NetworkRecipe, stimuli: [Stimulus] = [], configuration: SimulationConfiguration) throws {
        try configuration.validate()
        network = try LoweredNetwork(recipe, resolution: configuration.resolution)
        self.stimuli = try LoweredStimuli(stimuli, neuronCount: network.neuronCount, resolution: configuration.resolution)
        self.configuration = configuration
        for neuron in (configuration.recordSpikes ?? []) + configuration.recordVoltage where neuron < 0 || neuron >= network.neuronCount {
            throw SpikingEngineError.neuronOutOfRange(item: "recorder", index: neuron, count: network.neuronCount)
        }
        for stimulus in stimuli {
            for target in stimulus.targets where !network.sourceRate[target].isNaN {
                throw SpikingEngineError.invalidNetwork("stimulus \(stimulus.name): \(network.names[target]) is a spike source, which cannot receive input")
            }
        }
    }

    /// A plastic synapse's weight at the end of the last run.
    public struct PlasticWeight: Sendable, Equatable, Codable {
        public var source: Int
        public var target: Int
        public var weight: Double
    }

    /// Weights of every plastic synapse after the last `run` (in synapse order: by source, then
    /// the order the recipe listed the connections); empty for static networks.
    public private(set) var finalWeights: [PlasticWeight] = []

    /// Neuron names in index order.
    public var neuronNames: [String] { network.names }
    /// Population names in order of first appearance, and each neuron's population index.
    public var populationNames: [String] { network.populationNames }
    public var populationOfNeuron: [Int32] { network.populationOfNeuron }

    /// Runs the whole duration, streaming spikes and voltages to the sinks.
    public func run(spikes spikeSink: SpikeSink? = nil, voltages voltageSink: VoltageSink? = nil,
                    weights weightSink: WeightSink? = nil, progress: ((Double) -> Void)? = nil) throws -> SimulationSummary {
        let clock = Date()
        var engine = try EngineState(network: network, stimuli: stimuli, configuration: configuration)
        let summary = try engine.run(spikeSink: spikeSink, voltageSink: voltageSink, weightSink: weightSink, progress: progress)
        finalWeights = []
        if network.isPlastic {
            for source in 0..<network.neuronCount {
                for k in network.synapseOffsets[source]..<network.synapseOffsets[source + 1] where network.synapseRule[k] != 0 {
                    finalWeights.append(PlasticWeight(source: source, target: Int(network.synapseTargets[k]), weight: engine.plasticWeights[k]))
                }
            }
        }
        return SimulationSummary(
            durationMs: configuration.duration, resolutionMs: configuration.resolution, seed: configuration.seed,
            threads: configuration.threads, neurons: network.neuronCount, synapses: network.synapseCount,
            gapJunctions: network.gapJunctionCount, spikes: summary.spikeCount,
            populations: Dictionary(uniqueKeysWithValues: network.populationNames.enumerated().map { index, name in
                let neurons = network.populationOfNeuron.filter { $0 == Int32(index) }.count
                let count = summary.spikesPerPopulation[index]
                return (name, SimulationSummary.Population(neurons: neurons, spikes: count,
                                                           rateHz: Double(count) / Double(max(neurons, 1)) / (configuration.duration / 1000)))
            }),
            synapticEvents: summary.synapticEvents, wallSeconds: Date().timeIntervalSince(clock),
            synapticEventsPerSecond: Double(summary.synapticEvents) / max(Date().timeIntervalSince(clock), 1e-9),
            bytesPerSynapse: network.bytesPerSynapse)
    }
}
