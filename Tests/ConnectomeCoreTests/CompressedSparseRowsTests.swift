import ConnectomeCore
import Testing
import _TestSupport

@Suite("Compressed sparse rows")
struct CompressedSparseRowsTests {
    @Test("a hand-built 3-node graph gives the textbook CSR and CSC arrays")
    func handBuilt() {
        // 0→2 (w 1), 0→1 (w 2), 2→0 (w 3), 2→2 (w 4): rows sorted by target.
        let edges = EdgeList(sources: [0, 0, 2, 2], targets: [2, 1, 0, 2], weights: [1, 2, 3, 4])
        let csr = CompressedSparseRows(edges, sourceCount: 3, targetCount: 3)
        #expect(csr.indptr == [0, 2, 2, 4])
        #expect(csr.targets == [1, 2, 0, 2])
        #expect(csr.weights == [2, 1, 3, 4])
        #expect(csr.reverseIndptr == [0, 1, 2, 4])
        #expect(csr.reverseSources == [2, 0, 0, 2])
        #expect(csr.reverseEdges == [2, 0, 1, 3])
        #expect(csr.sources == [0, 0, 2, 2])
    }

    @Test("random graphs: every edge appears once in each view, rows and columns sorted", arguments: 0..<50)
    func randomGraphs(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        let sourceCount = Int.random(in: 1...40, using: &rng), targetCount = Int.random(in: 1...40, using: &rng)
        var pairs = Set<[UInt32]>()
        for _ in 0..<Int.random(in: 0...300, using: &rng) {
            pairs.insert([UInt32.random(in: 0..<UInt32(sourceCount), using: &rng), UInt32.random(in: 0..<UInt32(targetCount), using: &rng)])
        }
        var list = EdgeList()
        for pair in pairs.shuffled(using: &rng) { list.append(source: pair[0], target: pair[1], weight: Double(pair[0] * 1000 + pair[1])) }
        let csr = CompressedSparseRows(list, sourceCount: sourceCount, targetCount: targetCount)
        #expect(csr.count == pairs.count, "seed \(seed)")
        let sources = csr.sources
        var rebuilt = Set<[UInt32]>()
        for e in 0..<csr.count {
            rebuilt.insert([sources[e], csr.targets[e]])
            #expect(csr.weights[e] == Double(sources[e] * 1000 + csr.targets[e]), "seed \(seed): weight follows its edge")
            if e > 0 && sources[e] == sources[e - 1] { #expect(csr.targets[e] > csr.targets[e - 1], "seed \(seed): row sorted") }
        }
        #expect(rebuilt == pairs, "seed \(seed)")
        for t in 0..<targetCount {
            let slots = Int(csr.reverseIndptr[t])..<Int(csr.reverseIndptr[t + 1])
            let expected = pairs.filter { $0[1] == UInt32(t) }.map { $0[0] }.sorted()
            #expect(slots.map { csr.reverseSources[$0] } == expected, "seed \(seed): column \(t)")
            for slot in slots { #expect(csr.targets[Int(csr.reverseEdges[slot])] == UInt32(t), "seed \(seed)") }
        }
    }
}
