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

    /// 10^12 steps: far beyond any run that finishes (at ~1 ns per step), well inside Int.
    public static let maximumSteps = 1e12
    /// Threads beyond a few per core only add synchronisation.
    public static let maximumThreads = 1024

    func validate() throws {
        guard resolution > 0, resolution.isFinite else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "resolution", value: resolution, requirement: "must be > 0 ms")
        }
        guard duration > 0, duration.isFinite else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "duration", value: duration, requirement: "must be > 0 ms")
        }
        // Steps are counted in Int: refuse what cannot be counted (or run) before converting.
        guard duration / resolution <= Self.maximumSteps else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "duration", value: duration,
                                                      requirement: "gives \(duration / resolution) steps of \(resolution) ms; at most \(Self.maximumSteps) steps can run "
                                                          + "(shorten the run or coarsen the step)")
        }
        guard threads >= 1, threads <= Self.maximumThreads else {
            throw SpikingEngineError.invalidParameter(item: "simulation", parameter: "threads", value: Double(threads),
                                                      requirement: "must lie in 1…\(Self.maximumThreads) (each thread updates a block of neurons every step; more threads than cores only wait)")
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
