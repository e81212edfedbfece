import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation
import HDF5
import Testing

@Suite("SONATA export and import")
struct SONATATests {
    @Test("store → SONATA → store gives a byte-identical store", arguments: [1, 2, 3] as [UInt64])
    func losslessRoundTrip(seed: UInt64) throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: seed, integerWeights: seed != 2)
        try random.write(to: directory.file("a.h5"))
        let connectome = try StoreFile.open(directory.file("a.h5")).connectome("test")
        try SONATAExport.write(connectome, to: directory.file("sonata"))
        let result = try SONATAImport.read(directory: directory.file("sonata"))
        try StoreWriter.write(nodes: result.nodes, edges: result.edges, connectomes: [result.connectome], to: directory.file("b.h5"))
        #expect(FileManager.default.contents(atPath: directory.file("a.h5")) == FileManager.default.contents(atPath: directory.file("b.h5")),
                "seed \(seed)")
    }

    @Test("the export follows the SONATA layout: ids, node_population, and both indices consistent with the edges")
    func layout() throws {
        let directory = TemporaryDirectory()
        try RandomStore(seed: 4).write(to: directory.file("a.h5"))
        let connectome = try StoreFile.open(directory.file("a.h5")).connectome("test")
        try SONATAExport.write(connectome, to: directory.file("sonata"))
        let root = try HDF5File.open(directory.file("sonata/edges.h5")).root()
        #expect(try root.attribute("magic", as: UInt32.self) == 0x0A7A)
        let group = try root.group("edges/test.chemical.cells.cells")
        let sources = try group.dataset("source_node_id").read(as: UInt64.self)
        let targets = try group.dataset("target_node_id").read(as: UInt64.self)
        #expect(try group.dataset("source_node_id").stringAttribute("node_population") == "cells")
        for (index, keys) in [("source_to_target", sources), ("target_to_source", targets)] {
            let nodeRanges = try group.dataset("indices/\(index)/node_id_to_ranges").read(as: UInt64.self)
            let edgeRanges = try group.dataset("indices/\(index)/range_to_edge_id").read(as: UInt64.self)
            for node in 0..<30 {
                var edges: [Int] = []
                for r in Int(nodeRanges[2 * node])..<Int(nodeRanges[2 * node + 1]) {
                    edges += Array(Int(edgeRanges[2 * r])..<Int(edgeRanges[2 * r + 1]))
                }
                #expect(edges == keys.indices.filter { keys[$0] == UInt64(node) }, "\(index) node \(node)")
            }
        }
        let nodes = try HDF5File.open(directory.file("sonata/nodes.h5")).root()
        #expect(try nodes.dataset("nodes/cells/node_type_id").count == 30)
        #expect(try nodes.dataset("nodes/cells/0/name").readStrings().first == "N000")
    }
}
