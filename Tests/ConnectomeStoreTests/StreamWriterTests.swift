import ConnectomeCore
import ConnectomeStore
import Foundation
import Testing

@Suite("Streamed edge populations")
struct StreamWriterTests {
    /// Writes `rows` (source → (targets, weights)) through the stream writer.
    func writeStreamed(_ random: RandomStore, rows: [(Int, [UInt32], [Double])], to path: String,
                       weightType: StreamedWeightType = .int32, delays: Bool = false) throws {
        let connectome = ConnectomeContents(name: "streamed", nodePopulations: ["cells"], edgePopulations: ["streamed.chemical"])
        try StoreWriter.writeStreaming(nodes: [random.nodes], connectomes: [connectome], to: path) { store in
            let writer = try store.addEdgePopulation(StreamedEdgePopulation(
                name: "streamed.chemical", sourcePopulation: "cells", targetPopulation: "cells",
                sourceCount: random.nodes.table.count, targetCount: random.nodes.table.count, weightType: weightType, hasDelays: delays))
            for (source, targets, weights) in rows {
                try writer.appendRow(source: source, targets: targets, weights: weights,
                                     delays: delays ? targets.map { Float($0) / 10 } : nil)
            }
        }
    }

    /// The CSR rows of an edge list.
    func rows(of list: EdgeList, nodeCount: Int) -> [(Int, [UInt32], [Double])] {
        let csr = CompressedSparseRows(list, sourceCount: nodeCount, targetCount: nodeCount, reverse: false)
        return (0..<nodeCount).compactMap { s in
            let range = Int(csr.indptr[s])..<Int(csr.indptr[s + 1])
            return range.isEmpty ? nil : (s, Array(csr.targets[range]), Array(csr.weights[range]))
        }
    }

    @Test("a streamed population reads back equal to the same edges written in memory", arguments: [1, 2, 3] as [UInt64])
    func sameAsInMemory(seed: UInt64) throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: seed, nodeCount: 40, edgeCount: 300)
        try StoreWriter.write(nodes: [random.nodes], edges: [random.chemical], connectomes: [], to: directory.file("memory.h5"))
        try writeStreamed(random, rows: rows(of: random.chemical.edges, nodeCount: 40), to: directory.file("stream.h5"), delays: true)
        let memory = try StoreFile.open(directory.file("memory.h5")).edgePopulation(random.chemical.name)
        let store = try StoreFile.open(directory.file("stream.h5"))
        try store.validate()
        let streamed = try store.edgePopulation("streamed.chemical")
        #expect(try streamed.edgeList() == memory.edgeList())
        #expect(try streamed.outDegrees() == memory.outDegrees())
        #expect(try streamed.inDegrees() == memory.inDegrees())
        for cell in [0, 7, 39] {
            #expect(try streamed.outgoing(from: cell) == memory.outgoing(from: cell))
            #expect(try streamed.incoming(to: cell).map(\.node) == memory.incoming(to: cell).map(\.node))
        }
        #expect(try streamed.attribute("delay") == streamed.edgeList().targets.map { Double(Float($0) / 10) })
        #expect(try store.connectome("streamed").edgePopulations.map(\.name) == ["streamed.chemical"])
    }

    @Test("a bad row names the problem and leaves no store behind")
    func badRows() throws {
        let random = RandomStore(seed: 4, nodeCount: 10, edgeCount: 20)
        let cases: [(String, [(Int, [UInt32], [Double])], StreamedWeightType, Bool)] = [
            ("ascending source order", [(3, [1], [1]), (2, [1], [1])], .int32, false),
            ("strictly ascend", [(1, [4, 2], [1, 1])], .int32, false),
            ("strictly ascend", [(1, [2, 2], [1, 1])], .int32, false),
            ("target index 10 is out of range", [(1, [10], [1])], .int32, false),
            ("source index 12 is out of range", [(12, [1], [1])], .int32, false),
            ("weight nan must be finite", [(1, [2], [.nan])], .float64, false),
            ("weight inf must be finite", [(1, [2], [.infinity])], .float32, false),
            ("not a whole number", [(1, [2], [1.5])], .int32, false),
            ("not a whole number", [(1, [2], [-3e9])], .int32, false),
            ("float32", [(1, [2], [0.1])], .float32, false),
        ]
        for (message, rows, type, _) in cases {
            let directory = TemporaryDirectory()
            #expect { try writeStreamed(random, rows: rows, to: directory.file("bad.h5"), weightType: type) } throws: {
                "\($0)".contains(message) && "\($0)".contains("streamed.chemical")
            }
            #expect(directory.contents.isEmpty, "no partial store for \(message)")
        }
        // A negative delay, and an error thrown by the producer half-way.
        let directory = TemporaryDirectory()
        let connectome = ConnectomeContents(name: "streamed", nodePopulations: ["cells"], edgePopulations: ["streamed.chemical"])
        #expect {
            try StoreWriter.writeStreaming(nodes: [random.nodes], connectomes: [connectome], to: directory.file("bad.h5")) { store in
                let writer = try store.addEdgePopulation(StreamedEdgePopulation(
                    name: "streamed.chemical", sourcePopulation: "cells", targetPopulation: "cells", sourceCount: 10, targetCount: 10, hasDelays: true))
                try writer.appendRow(source: 0, targets: [1], weights: [1], delays: [-0.5])
            }
        } throws: { "\($0)".contains("delay -0.5 ms must be finite and ≥ 0") }
        struct Interrupted: Error {}
        #expect(throws: Interrupted.self) {
            try StoreWriter.writeStreaming(nodes: [random.nodes], connectomes: [], to: directory.file("bad.h5")) { store in
                let writer = try store.addEdgePopulation(StreamedEdgePopulation(
                    name: "streamed.chemical", sourcePopulation: "cells", targetPopulation: "cells", sourceCount: 10, targetCount: 10))
                try writer.appendRow(source: 0, targets: [1], weights: [1])
                throw Interrupted()
            }
        }
        #expect {
            try StoreWriter.writeStreaming(nodes: [random.nodes], connectomes: [], to: directory.file("bad.h5")) { store in
                _ = try store.addEdgePopulation(StreamedEdgePopulation(
                    name: "streamed.chemical", sourcePopulation: "cells", targetPopulation: "cells", sourceCount: 11, targetCount: 10))
            }
        } throws: { "\($0)".contains("has 10 nodes, not 11") }
        #expect(directory.contents.isEmpty)
    }
}
