import ConnectomeCore

/// How to run a network.
public struct SimulationConfiguration: Sendable {
    /// Grid for bookkeeping, gap-junction coupling and voltage sampling [ms]. Spike times of
    /// neurons are not rounded to it.
    public var resolution: Double = 0.1
    /// Simulated time [ms].
    public var duration: Double
    /// Seed of every random draw (Poisson inputs); see ``CounterRNG``.
    public var seed: UInt64 = RandomStreams.defaultSeed
    /// Worker threads; results are identical for any count.
    public var threads: Int = 1
    /// Stop with an error when a population's rate over a 100 ms window exceeds this [Hz];
    /// nil disables the guard.
    public var maxRateHz: Double? = 1000
    /// Neurons whose spikes are recorded (nil: all).
    public var recordSpikes: [Int]? = nil
    /// Neurons whose membrane potential is sampled.
    public var recordVoltage: [Int] = []
    /// Sampling interval for voltages [ms], a multiple of the resolution.
    public var voltageInterval: Double? = nil
    /// Interval between snapshots of plastic weights [ms], a multiple of the resolution.
    public var weightInterval: Double? = nil
    /// Advance neurons without inputs in a step by one precomputed linear map per model
    /// (``EventFreeStep``) instead of one at a time. The result is bit-identical either way;
    /// turning it off gives the straightforward per-neuron path, for tests and for measuring
    /// what the batched path buys.
    public var batchEventFreeNeurons: Bool = true

    public init(duration: Double, resolution: Double = 0.1, seed: UInt64 = RandomStreams.defaultSeed, threads: Int = 1) {
        self.duration = duration
        self.resolution = resolution
        self.seed = seed
        self.threads = threads
    }

    func validate() throws {
        guard resolution > 0, resolution.isFinite else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "resolution", value: resolution, requirement: "must be > 0 ms")
        }
        guard duration > 0, duration.isFinite else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "duration", value: duration, requirement: "must be > 0 ms")
        }
        guard threads >= 1 else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "threads", value: Double(threads), requirement: "must be ≥ 1")
        }
        if let interval = weightInterval {
            let ratio = interval / resolution
            guard interval > 0, abs(ratio - ratio.rounded()) < 1e-9 else {
                throw SpikingEngineError.invalidParameter(item: "weight recorder", parameter: "interval", value: interval, requirement: "must be a positive multiple of the resolution "
                    + "(\(resolution) ms)")
            }
        }
        if let interval = voltageInterval {
            let ratio = interval / resolution
            guard interval > 0, abs(ratio - ratio.rounded()) < 1e-9 else {
                throw SpikingEngineError.invalidParameter(item: "voltage recorder", parameter: "interval", value: interval, requirement: "must be a positive multiple of the resolution "
                    + "(\(resolution) ms)")
            }
        }
    }
}
