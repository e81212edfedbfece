import ConnectomeCore
import ConnectomeGenerate
import ConnectomeStore
import Foundation
import Testing

func temporaryPath(_ name: String) -> String {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-generate-\(ProcessInfo.processInfo.processIdentifier)")
    try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    return directory.appendingPathComponent(name).path
}

/// A 10 × 8 × 6-voxel box (480 nodes), λ = 150 µm at 100 µm voxels, cutoff 350 µm.
func smallParameters(seed: UInt64 = 1, shape: VoxelShape = .box) -> VoxelGraphParameters {
    var p = VoxelGraphParameters()
    p.shape = shape
    p.extent = SIMD3(1000, 800, 600)
    p.resolution = 100
    p.law = DistanceLaw(p0: 0.6, lengthConstant: 150, cutoff: 350)
    p.seed = seed
    return p
}

@Suite("Voxel graph generator")
struct VoxelGraphTests {
    /// Σ p and Σ p(1 − p) over all ordered pairs, by brute force over positions: independent
    /// of the generator's offset shells and grid lookup.
    func bruteForceExpectation(_ generator: VoxelGraphGenerator) -> (mean: Double, variance: Double, byDistance: [Double: (pairs: Int, p: Double)]) {
        let law = generator.parameters.law
        var mean = 0.0, variance = 0.0
        var byDistance: [Double: (pairs: Int, p: Double)] = [:]
        let n = generator.grid.count
        let positions = (0..<n).map { generator.grid.position(of: $0) }
        for i in 0..<n {
            for j in 0..<n where i != j {
                let d = ((positions[i] - positions[j]) * (positions[i] - positions[j])).sum().squareRoot()
                guard d <= law.cutoff * (1 + 1e-12) else { continue }
                let p = law.p0 * exp(-d / law.lengthConstant)
                mean += p
                variance += p * (1 - p)
                let key = (d * 1000).rounded() / 1000
                byDistance[key, default: (0, p)].pairs += 1
            }
        }
        return (mean, variance, byDistance)
    }

    @Test("the expected edge count equals a brute-force sum over all pairs", arguments: [VoxelShape.box, .ellipsoid])
    func expectation(shape: VoxelShape) throws {
        let generator = try VoxelGraphGenerator(smallParameters(shape: shape))
        let brute = bruteForceExpectation(generator)
        let computed = generator.expectedEdgeCount(threads: 2)
        #expect(abs(computed.mean - brute.mean) <= 1e-9 * brute.mean)
        #expect(abs(computed.variance - brute.variance) <= 1e-9 * brute.variance)
        if shape == .ellipsoid { #expect(generator.grid.count < 480 && generator.grid.count > 200) }
    }

    @Test("edge counts over 60 seeds follow the Bernoulli law: mean, variance and per-distance frequencies")
    func countDistribution() throws {
        let brute = bruteForceExpectation(try VoxelGraphGenerator(smallParameters()))
        var counts: [Double] = []
        var connectedByDistance: [Double: Int] = [:]
        for seed in 1...60 {
            let generator = try VoxelGraphGenerator(smallParameters(seed: UInt64(seed)))
            var count = 0
            for source in 0..<generator.grid.count {
                let row = generator.row(of: source)
                count += row.targets.count
                for target in row.targets {
                    let a = generator.grid.position(of: source), b = generator.grid.position(of: Int(target))
                    let d = (((a - b) * (a - b)).sum().squareRoot() * 1000).rounded() / 1000
                    connectedByDistance[d, default: 0] += 1
                }
            }
            counts.append(Double(count))
        }
        let m = counts.reduce(0, +) / 60
        let s2 = counts.map { ($0 - m) * ($0 - m) }.reduce(0, +) / 59
        // Sample mean within 4 standard errors; sample variance within the 99.9 % range of
        // σ²·χ²(59)/59 (0.56 … 1.62).
        #expect(abs(m - brute.mean) < 4 * (brute.variance / 60).squareRoot(), "mean \(m) vs \(brute.mean)")
        #expect(s2 / brute.variance > 0.56 && s2 / brute.variance < 1.62, "variance \(s2) vs \(brute.variance)")
        // Every distance shell: connected fraction within 5 binomial standard deviations of p(d).
        #expect(Set(connectedByDistance.keys).isSubset(of: Set(brute.byDistance.keys)), "no edge beyond the cutoff")
        for (d, shell) in brute.byDistance {
            let trials = Double(shell.pairs * 60)
            let observed = Double(connectedByDistance[d] ?? 0)
            let sd = (trials * shell.p * (1 - shell.p)).squareRoot()
            #expect(abs(observed - trials * shell.p) < 5 * sd, "distance \(d) µm: \(observed) edges of \(trials) pairs, p = \(shell.p)")
        }
    }

    @Test("weights are log-normal with the given μ and σ; delays are base + d/v rounded to the step")
    func weightsAndDelays() throws {
        var p = smallParameters()
        p.weightMu = -0.5
        p.weightSigma = 0.8
        p.delayBase = 0.3
        p.velocity = 250
        p.delayStep = 0.1
        let generator = try VoxelGraphGenerator(p)
        var logs: [Double] = []
        for source in 0..<generator.grid.count {
            let row = generator.row(of: source)
            for (k, target) in row.targets.enumerated() {
                logs.append(log(row.weights[k]))
                let a = generator.grid.position(of: source), b = generator.grid.position(of: Int(target))
                let d = ((a - b) * (a - b)).sum().squareRoot()
                let expected = ((0.3 + d / 250) / 0.1).rounded() * 0.1
                #expect(abs(Double(row.delays[k]) - expected) < 1e-6)
                #expect(Double(Float(row.weights[k])) == row.weights[k], "float32 weights")
            }
        }
        let n = Double(logs.count)
        let mean = logs.reduce(0, +) / n
        let sd = (logs.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / (n - 1)).squareRoot()
        // ~12 000 draws: the mean of log w has SE σ/√n ≈ 0.007, its SD ≈ σ/√(2n) ≈ 0.005.
        #expect(abs(mean - -0.5) < 5 * 0.8 / n.squareRoot(), "mean log weight \(mean)")
        #expect(abs(sd - 0.8) < 5 * 0.8 / (2 * n).squareRoot(), "sd of log weight \(sd)")
        p.integerWeights = true
        let counts = try VoxelGraphGenerator(p).row(of: 7).weights
        #expect(counts.allSatisfy { $0 >= 1 && $0 == $0.rounded() })
    }

    @Test("the written store holds exactly the generated rows, identical for 1 and 2 threads")
    func writtenStore() throws {
        let generator = try VoxelGraphGenerator(smallParameters(shape: .ellipsoid))
        var stores: [[Double]] = []
        for threads in [1, 2] {
            let path = temporaryPath("voxel-\(threads).h5")
            let summary = try generator.write(to: path, name: "vox", threads: threads)
            let store = try StoreFile.open(path)
            try store.validate()
            let population = try store.edgePopulation("vox.chemical.vox.vox")
            let list = try population.edgeList()
            let delays = try population.attribute("delay")
            #expect(summary.edges == list.count && summary.nodes == generator.grid.count)
            var k = 0
            for source in 0..<generator.grid.count {
                let row = generator.row(of: source)
                for (j, target) in row.targets.enumerated() {
                    #expect(list.sources[k] == UInt32(source) && list.targets[k] == target && list.weights[k] == row.weights[j]
                            && delays[k] == Double(row.delays[j]))
                    k += 1
                }
            }
            #expect(k == list.count)
            let x = try store.nodePopulation("vox").numeric("x")
            #expect(x[3] == generator.grid.position(of: 3).x)
            stores.append(list.weights + list.targets.map(Double.init))
        }
        #expect(stores[0] == stores[1])
        let other = try VoxelGraphGenerator(smallParameters(seed: 2, shape: .ellipsoid)).row(of: 10)
        #expect(other != generator.row(of: 10), "the seed matters")
    }

    @Test("unusable parameters are rejected with the parameter's name")
    func badParameters() throws {
        var p = smallParameters()
        p.law.p0 = 1.5
        #expect(throws: GeneratorError.self) { try VoxelGraphGenerator(p) }
        p = smallParameters()
        p.resolution = 0
        #expect { try VoxelGraphGenerator(p) } throws: { "\($0)".contains("resolution") }
        p = smallParameters()
        p.resolution = 0.001  // 10^15 voxels: an error, not an integer overflow
        #expect { try VoxelGraphGenerator(p) } throws: { "\($0)".contains("at most 2^31 voxels") }
        p = smallParameters()
        p.law.cutoff = 3e6  // "no cutoff": offsets are clamped to the grid, the graph is the same as with any cutoff beyond it
        p.law.p0 = 0.05
        var q = p
        q.law.cutoff = 2000
        #expect(try VoxelGraphGenerator(p).row(of: 17) == VoxelGraphGenerator(q).row(of: 17))
        p = smallParameters()
        #expect { try VoxelGraphGenerator(p).withMeanOutDegree(10_000) } throws: { "\($0)".contains("out-degree") }
        let degree = 12.0
        let generator = try VoxelGraphGenerator(p).withMeanOutDegree(degree)
        #expect(abs(generator.expectedEdgeCount().mean / Double(generator.grid.count) - degree) < 1e-9)
        // The solved generator equals one built from scratch with that p0.
        var solved = p
        solved.law.p0 = generator.parameters.law.p0
        #expect(try VoxelGraphGenerator(solved).row(of: 9) == generator.row(of: 9))
        #expect(abs(try VoxelGraphGenerator(solved).expectedEdgeCount().mean - generator.expectedEdgeCount().mean) < 1e-9)
    }
}
