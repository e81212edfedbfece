import ConnectomeCore
import ConnectomeGenerate
import ConnectomeStore
import Foundation
import Testing

@Suite("Factorised populations")
struct FactorisedTests {
    /// W[i][j] = Σ_k left[i][k]·right[k][j], summed naively.
    func dense(_ g: FactorisedGenerator) -> [[Double]] {
        let left = g.left, right = g.right
        return (0..<g.sourceCount).map { i in
            (0..<g.targetCount).map { j in (0..<g.rank).reduce(0.0) { $0 + left[i * g.rank + $1] * right[$1 * g.targetCount + j] } }
        }
    }

    @Test("rows, columns and a thresholded edge population equal the dense product")
    func againstDense() throws {
        let generator = try FactorisedGenerator(sourceCount: 257, targetCount: 1031, rank: 7, seed: 4)
        let path = temporaryPath("factorised.h5")
        let kept = try generator.write(to: path, name: "fac", threshold: 1.7)
        let w = dense(generator)
        let store = try StoreFile.open(path)
        try store.validate()
        #expect(try store.factorisedPopulationNames == ["fac"])
        let population = try store.factorisedPopulation("fac")
        #expect(population.sourceCount == 257 && population.targetCount == 1031 && population.rank == 7)
        for i in [0, 100, 256] {
            let row = try population.row(i)
            #expect(zip(row, w[i]).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        }
        for j in [0, 555, 1030] {
            let column = try population.column(j)
            #expect(zip(column, w.map { $0[j] }).allSatisfy { abs($0 - $1) <= 1e-12 * max(1, abs($1)) })
        }
        // The edge population holds exactly the entries ≥ 1.7 (ties at the threshold are
        // measure-zero here; entries are compared with the BLAS product the writer used).
        let list = try store.edgePopulation("fac.chemical.fac_sources.fac_targets").edgeList()
        var expected: [(UInt32, UInt32)] = []
        for i in 0..<257 {
            let row = try population.row(i)
            for j in 0..<1031 where row[j] >= 1.7 { expected.append((UInt32(i), UInt32(j))) }
        }
        #expect(kept == expected.count && list.count == expected.count)
        #expect(expected.count > 1000 && expected.count < 257 * 1031 / 2)
        #expect(zip(list.sources, list.targets).map { [$0, $1] } == expected.map { [$0.0, $0.1] })
        #expect(zip(zip(list.sources, list.targets), list.weights).allSatisfy { abs($1 - w[Int($0.0)][Int($0.1)]) <= 1e-12 * $1 })
        // Entries of W have mean 1 (exponential factors with mean 1/√r).
        let mean = w.joined().reduce(0, +) / Double(257 * 1031)
        #expect(abs(mean - 1) < 0.05)
    }

    @Test("inconsistent factors and bad thresholds are rejected, leaving no store")
    func badInput() throws {
        let path = temporaryPath("bad-factorised.h5")
        try? FileManager.default.removeItem(atPath: path)
        let nodes = NodePopulationContents(name: "n", table: NodeTable(names: ["a", "b", "c"]))
        for (left, right, message) in [([1.0, 2, 3], [1.0, 2], "left must hold 3 × r and right r × 3"),
                                       ([1.0, 2, .nan], [1.0, 2, 3], "not finite")] {
            #expect {
                try StoreWriter.writeStreaming(nodes: [nodes], connectomes: [], to: path) { store in
                    try store.addFactorisedPopulation(FactorisedPopulationContents(name: "f", sourcePopulation: "n", targetPopulation: "n",
                                                                                   rank: 1, left: left, right: right))
                }
            } throws: { "\($0)".contains(message) }
            #expect(!FileManager.default.fileExists(atPath: path))
        }
        #expect { try FactorisedGenerator(sourceCount: 5, targetCount: 5, rank: 2).write(to: path, name: "f", threshold: -1) } throws: {
            "\($0)".contains("must be a positive finite weight")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: GeneratorError.self) { try FactorisedGenerator(sourceCount: 0, targetCount: 5, rank: 2) }
    }
}
