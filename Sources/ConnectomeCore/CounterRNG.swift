import Foundation

/// Random numbers derived from (seed, stream, entity, counter) by hashing, not by advancing
/// a shared generator (Salmon et al. 2011, "Parallel random numbers: as easy as 1, 2, 3").
///
/// Each draw depends only on its key, so a run gives the same numbers whatever the thread
/// count, the order neurons are updated in, or how the run is split into epochs.
public enum CounterRNG {
    @inlinable @inline(__always)
    public static func mix(_ x: UInt64) -> UInt64 {
        // SplitMix64's finaliser (Steele, Lea & Flood 2014): a bijective avalanche mix.
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// 64 random bits for the key.
    @inlinable @inline(__always)
    public static func bits(seed: UInt64, stream: UInt64, entity: UInt64, counter: UInt64) -> UInt64 {
        mix(mix(mix(mix(seed) ^ stream) ^ entity) ^ counter)
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inlinable @inline(__always)
    public static func uniform(seed: UInt64, stream: UInt64, entity: UInt64, counter: UInt64) -> Double {
        Double(bits(seed: seed, stream: stream, entity: entity, counter: counter) >> 11) * 0x1.0p-53
    }
}

/// A sequence of draws for one (seed, stream, entity), counting up from a starting counter.
public struct KeyedRandom {
    public let seed: UInt64, stream: UInt64, entity: UInt64
    public var counter: UInt64

    @inlinable
    public init(seed: UInt64, stream: UInt64, entity: UInt64, counter: UInt64 = 0) {
        self.seed = seed
        self.stream = stream
        self.entity = entity
        self.counter = counter
    }

    /// Uniform in [0, 1).
    @inlinable @inline(__always)
    public mutating func uniform() -> Double {
        defer { counter &+= 1 }
        return CounterRNG.uniform(seed: seed, stream: stream, entity: entity, counter: counter)
    }

    /// Uniform in [low, high).
    @inlinable
    public mutating func uniform(_ low: Double, _ high: Double) -> Double { low + (high - low) * uniform() }

    /// A Poisson-distributed count with mean `mean`, by inversion of the cumulative
    /// distribution (exact; means above 100 are split into a sum of Poisson counts, which is
    /// again Poisson, so exp(−mean) never underflows).
    @inlinable
    public mutating func poisson(mean: Double) -> Int {
        var remaining = mean
        var total = 0
        while remaining > 0 {
            let part = min(remaining, 100)
            remaining -= part
            var k = 0
            var probability = exp(-part)
            var cumulative = probability
            let u = uniform()
            while u >= cumulative && probability > 0 {
                k += 1
                probability *= part / Double(k)
                cumulative += probability
            }
            total += k
        }
        return total
    }
}
