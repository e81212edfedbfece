import Foundation

/// Receives spikes as the simulation produces them, in order of (time, neuron), in batches.
/// Implementations stream them to disk so memory stays bounded on long runs.
public protocol SpikeSink: AnyObject {
    func write(times: [Double], neurons: [Int32]) throws
    /// Called once after the last batch.
    func finish() throws
}

/// Receives sampled membrane potentials: one row of values (one per recorded neuron) per time.
public protocol VoltageSink: AnyObject {
    func write(time: Double, values: [Double]) throws
    func finish() throws
}

/// Receives snapshots of the plastic weights (in ``Simulation/finalWeights`` order).
public protocol WeightSink: AnyObject {
    func write(time: Double, weights: [Double]) throws
    func finish() throws
}

/// Keeps every weight snapshot in memory.
public final class InMemoryWeights: WeightSink, @unchecked Sendable {
    public private(set) var times: [Double] = []
    public private(set) var snapshots: [[Double]] = []
    public init() {}
    public func write(time: Double, weights: [Double]) {
        times.append(time)
        snapshots.append(weights)
    }
    public func finish() {}
}

/// Keeps every spike in memory (tests and small runs).
public final class InMemoryRaster: SpikeSink, @unchecked Sendable {
    public private(set) var times: [Double] = []
    public private(set) var neurons: [Int32] = []
    public init() {}
    public func write(times: [Double], neurons: [Int32]) {
        self.times += times
        self.neurons += neurons
    }
    public func finish() {}

    /// Spike times of one neuron.
    public func spikes(of neuron: Int) -> [Double] {
        zip(times, neurons).filter { $0.1 == Int32(neuron) }.map(\.0)
    }
}

/// Keeps every voltage sample in memory.
public final class InMemoryVoltages: VoltageSink, @unchecked Sendable {
    public private(set) var times: [Double] = []
    public private(set) var rows: [[Double]] = []
    public init() {}
    public func write(time: Double, values: [Double]) {
        times.append(time)
        rows.append(values)
    }
    public func finish() {}
}

/// What a run did, as `plexus simulate` prints it.
public struct SimulationSummary: Codable, Sendable {
    public struct Population: Codable, Sendable {
        public var neurons: Int
        public var spikes: Int
        /// Mean firing rate over the run [Hz].
        public var rateHz: Double
    }
    public var durationMs: Double
    public var resolutionMs: Double
    public var seed: UInt64
    public var threads: Int
    public var neurons: Int
    public var synapses: Int
    public var gapJunctions: Int
    public var spikes: Int
    public var populations: [String: Population]
    /// Synaptic inputs delivered (network spikes × fan-out, plus stimulus spikes).
    public var synapticEvents: Int
    public var wallSeconds: Double
    public var synapticEventsPerSecond: Double
    /// Memory held by the connection tables, per synapse [bytes].
    public var bytesPerSynapse: Double
}
