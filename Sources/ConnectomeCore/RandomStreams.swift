/// Every random stream of Plexus and the layout of its counters, in one place, so no two kinds
/// of draw can share a key and a reader can see what each number means. All draws come from
/// ``CounterRNG`` keyed by (seed, stream, entity, counter).
public enum RandomStreams {
    /// The seed of every command and model file that is not given one.
    public static let defaultSeed: UInt64 = 1

    // MARK: Models (ModelBuilder, connectome projections, the engine)

    /// Initial membrane potentials: entity = neuron index, counter 0.
    public static let initialPotential: UInt64 = 0
    /// Poisson stimulus number `index` of a model (0-based): stream index + 1; entity = target
    /// neuron, counter = step << 24 | draw within the step.
    public static func stimulus(_ index: Int) -> UInt64 { UInt64(index + 1) }
    /// Projection number `index` of a model: stream 1000 + index; entity = target neuron.
    /// Connectivity (which synapses exist) draws from counter 0 up; the weight and delay of the
    /// projection's k-th synapse (from 1) use ``weightCounter(_:)`` and ``delayCounter(_:)``.
    public static func projection(_ index: Int) -> UInt64 { UInt64(1000 + index) }
    public static func weightCounter(_ synapse: UInt64) -> UInt64 { 1 << 40 | synapse }
    public static func delayCounter(_ synapse: UInt64) -> UInt64 { 2 << 40 | synapse }
    /// Poisson spike sources: entity = neuron, counter = number of the spike.
    public static let spikeSource: UInt64 = 0xFFFF_FFFF

    // MARK: Generated connectivity (ConnectomeGenerate)

    /// Voxel graphs: entity = source voxel; targets from counter 0 up, weights likewise.
    public static let voxelTargets: UInt64 = 1, voxelWeights: UInt64 = 2
    /// Factorised populations W = left · right: entity = row, counter = column.
    public static let factorLeft: UInt64 = 1, factorRight: UInt64 = 2

    // MARK: Identifiers

    /// NWB object ids: a hash of the file identifier as the seed, entity 0, counter = object number.
    public static let objectIdentifier: UInt64 = 0
}

/// SplitMix64 (Steele, Lea & Flood 2014) as a sequential, seedable generator, for the
/// resampling code that draws many numbers in order (bootstrap, splits); the same finaliser
/// as ``CounterRNG``.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        defer { state &+= 0x9E37_79B9_7F4A_7C15 }
        return CounterRNG.mix(state)
    }
    /// Uniform in 0..<n.
    public mutating func below(_ n: Int) -> Int { Int.random(in: 0..<n, using: &self) }
}
