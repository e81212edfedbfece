import ConnectomeCore
import ConnectomeStore
import Foundation

/// Everything that defines a generated voxel graph; the same parameters and seed give the
/// same graph, bit for bit, whatever the thread count.
public struct VoxelGraphParameters: Sendable {
    public var shape: VoxelShape = .ellipsoid
    /// Bounding box [µm].
    public var extent = SIMD3<Double>(11_400, 8_000, 13_200)
    /// Voxel edge [µm].
    public var resolution: Double = 100
    public var law = DistanceLaw(p0: 0.5, lengthConstant: 250, cutoff: 750)
    /// Weights are log-normal: exp(μ + σ·z), z standard normal.
    public var weightMu: Double = 0
    public var weightSigma: Double = 1
    /// Round weights to whole counts ≥ 1 (stored as int32, the compact form); otherwise
    /// they are rounded to float32.
    public var integerWeights = false
    /// Delay = base + distance / velocity, rounded to a multiple of `delayStep` [ms, µm/ms].
    public var delayBase: Double = 0.5
    public var velocity: Double = 1_000
    public var delayStep: Double = 0.1
    public var seed: UInt64 = RandomStreams.defaultSeed

    public init() {}

    func validate() throws {
        try law.validate()
        guard weightMu.isFinite, weightSigma >= 0, weightSigma.isFinite else {
            throw GeneratorError.invalidParameter(name: "weight-mu/weight-sigma", value: "\(weightMu), \(weightSigma)",
                                                  requirement: "finite, with σ ≥ 0")
        }
        guard delayBase >= 0, delayBase.isFinite else {
            throw GeneratorError.invalidParameter(name: "delay-base", value: "\(delayBase)", requirement: "a delay ≥ 0 ms")
        }
        guard velocity > 0, velocity.isFinite else {
            throw GeneratorError.invalidParameter(name: "velocity", value: "\(velocity)", requirement: "a conduction velocity > 0 µm/ms")
        }
        guard delayStep > 0, delayStep.isFinite else {
            throw GeneratorError.invalidParameter(name: "delay-step", value: "\(delayStep)", requirement: "a step > 0 ms")
        }
    }
}

/// The rows of a voxel graph: for every source voxel, each voxel inside the shape within the
/// cutoff is a target independently with probability p(d).
///
/// Sampling is exact and costs O(edges), not O(candidates): within a shell of equal
/// distance (equal probability p), the gap to the next chosen offset is geometric,
/// ⌊ln(1−U)/ln(1−p)⌋ (Batagelj & Brandes 2005); chosen offsets outside the shape are
/// dropped, which is the same as testing them, since every candidate is independent. All
/// draws are keyed by (seed, source), so rows can be generated in any order or in parallel.
public struct VoxelGraphGenerator: Sendable {
    public let parameters: VoxelGraphParameters
    public let grid: VoxelGrid
    let shells: OffsetShells
    /// Per shell, the number of (source, target) pairs inside the shape: computed once (a pass
    /// over every source and candidate offset) and shared by copies that differ only in p₀.
    private let pairCounts: PairCountCache

    public init(_ parameters: VoxelGraphParameters) throws {
        try parameters.validate()
        let grid = try VoxelGrid(shape: parameters.shape, extent: parameters.extent, resolution: parameters.resolution)
        self.init(parameters, grid: grid, pairCounts: PairCountCache())
    }

    private init(_ parameters: VoxelGraphParameters, grid: VoxelGrid, pairCounts: PairCountCache) {
        self.parameters = parameters
        self.grid = grid
        self.pairCounts = pairCounts
        shells = OffsetShells(law: parameters.law, resolution: parameters.resolution,
                              maximumOffset: max(grid.dimensions.x, grid.dimensions.y, grid.dimensions.z) - 1)
    }

    /// Streams: 1 target choice, 2 weights.
    static let targetStream = RandomStreams.voxelTargets, weightStream = RandomStreams.voxelWeights

    /// One source's edges, targets ascending.
    public struct Row: Sendable, Equatable {
        public var targets: [UInt32] = []
        public var weights: [Double] = []
        public var delays: [Float] = []
    }

    /// The edges of `source`.
    public func row(of source: Int) -> Row {
        let origin = grid.nodeCell[source]
        var random = KeyedRandom(seed: parameters.seed, stream: Self.targetStream, entity: UInt64(source))
        var chosen: [(target: UInt32, distance: Double)] = []
        for shell in shells.shells {
            let p = shell.probability
            if p >= 1 {
                for offset in shell.offsets {
                    if let target = grid.node(at: origin &+ offset) { chosen.append((UInt32(target), shell.distance)) }
                }
                continue
            }
            let logFail = log1p(-p)
            var k = -1
            while true {
                let gap = (log1p(-random.uniform()) / logFail).rounded(.down)
                guard gap < Double(shell.offsets.count - k - 1) else { break }
                k += 1 + Int(gap)
                if let target = grid.node(at: origin &+ shell.offsets[k]) { chosen.append((UInt32(target), shell.distance)) }
            }
        }
        chosen.sort { $0.target < $1.target }
        var row = Row()
        row.targets = chosen.map(\.target)
        var weights = KeyedRandom(seed: parameters.seed, stream: Self.weightStream, entity: UInt64(source))
        row.weights = chosen.map { _ in weight(&weights) }
        row.delays = chosen.map { delay(atDistance: $0.distance) }
        return row
    }

    /// A log-normal weight from two uniforms (Box–Muller).
    @inline(__always)
    func weight(_ random: inout KeyedRandom) -> Double {
        let u1 = random.uniform(), u2 = random.uniform()
        let z = (-2 * log1p(-u1)).squareRoot() * cos(2 * Double.pi * u2)
        let w = exp(parameters.weightMu + parameters.weightSigma * z)
        return parameters.integerWeights ? max(1, min(w.rounded(), Double(Int32.max))) : Double(Float(w))
    }

    func delay(atDistance d: Double) -> Float {
        let raw = parameters.delayBase + d / parameters.velocity
        return Float((raw / parameters.delayStep).rounded() * parameters.delayStep)
    }

    /// Per shell, the pairs inside the shape (see `pairCounts`), on `threads` threads.
    func shellPairCounts(threads: Int) -> [Int] {
        pairCounts.value {
            let n = grid.count, parts = max(1, threads)
            let results = ParallelResults<[Int]>(count: parts)
            DispatchQueue.concurrentPerform(iterations: parts) { part in
                var counts = [Int](repeating: 0, count: shells.shells.count)
                for source in (n * part / parts)..<(n * (part + 1) / parts) {
                    let origin = grid.nodeCell[source]
                    for (k, shell) in shells.shells.enumerated() {
                        for offset in shell.offsets where grid.node(at: origin &+ offset) != nil { counts[k] += 1 }
                    }
                }
                results.set(part, .success(counts))
            }
            return results.successes.reduce(into: [Int](repeating: 0, count: shells.shells.count)) { total, part in
                for k in part.indices { total[k] += part[k] }
            }
        }
    }

    /// Mean and variance of the total number of edges: Σ p and Σ p(1 − p) over every
    /// (source, target) pair the law allows (edges are independent Bernoulli draws).
    public func expectedEdgeCount(threads: Int = 1) -> (mean: Double, variance: Double) {
        let counts = shellPairCounts(threads: threads)
        var mean = 0.0, variance = 0.0
        for (k, shell) in shells.shells.enumerated() {
            mean += Double(counts[k]) * shell.probability
            variance += Double(counts[k]) * shell.probability * (1 - shell.probability)
        }
        return (mean, variance)
    }

    /// The same graph law with p₀ chosen so that the mean out-degree is `degree` (the expected
    /// count is linear in p₀); the pair counts are not computed again.
    public func withMeanOutDegree(_ degree: Double, threads: Int = 1) throws -> VoxelGraphGenerator {
        let counts = shellPairCounts(threads: threads)
        let perUnit = zip(shells.shells, counts).reduce(0.0) { $0 + Double($1.1) * exp(-$1.0.distance / parameters.law.lengthConstant) }
            / Double(grid.count)
        let p0 = degree / perUnit
        guard degree > 0, p0 <= 1 else {
            throw GeneratorError.invalidParameter(
                name: "out-degree", value: "\(degree)",
                requirement: String(format: "at most %.1f for this grid, λ and cutoff (p0 = 1); raise λ or the cutoff", perUnit))
        }
        var solved = parameters
        solved.law.p0 = p0
        try solved.validate()
        return VoxelGraphGenerator(solved, grid: grid, pairCounts: pairCounts)
    }
}

/// A value computed at most once and shared between copies of a generator.
final class PairCountCache: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]?

    func value(_ compute: () -> [Int]) -> [Int] {
        lock.lock()
        defer { lock.unlock() }
        if let counts { return counts }
        let computed = compute()
        counts = computed
        return computed
    }
}
