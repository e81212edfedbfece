import ConnectomeCore
import ConnectomeStore
import Foundation
import HDF5
import Testing

@Suite("Store round trips and lazy queries")
struct StoreRoundTripTests {
    @Test("what is written is read back: nodes, attributes, edges and provenance", arguments: 0..<10)
    func writeThenRead(seed: UInt64) throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: seed, integerWeights: seed % 2 == 0)
        try random.write(to: directory.file("s.h5"))
        let store = try StoreFile.open(directory.file("s.h5"))
        #expect(store.formatVersion == StoreFormat.version)
        #expect(store.connectomeNames == ["test"])
        let nodes = try store.nodePopulation("cells")
        #expect(try nodes.table() == random.nodes.table, "seed \(seed)")
        #expect(nodes.species == "test species" && nodes.provenance.citation == "seed \(seed)")
        for population in [random.chemical, random.electrical] {
            let stored = try store.edgePopulation(population.name)
            let expected = CompressedSparseRows(population.edges, sourceCount: 30, targetCount: 30)
            let list = try stored.edgeList()
            #expect(list.sources == expected.sources && list.targets == expected.targets && list.weights == expected.weights, "seed \(seed)")
            #expect(stored.kind == population.kind && stored.isSymmetric == population.kind.isSymmetric)
            let weightKind = try stored.weightKind
            #expect(weightKind == (seed % 2 == 0 ? .signedInteger(bytes: 4) : .float(bytes: 4)), "integral weights stored as int32, others as float32")
        }
        let connectome = try store.connectome("test")
        #expect(connectome.sourceChecksums == ["a.csv": "00"])
        #expect(connectome.edgePopulations.map(\.name).sorted() == [random.chemical.name, random.electrical.name].sorted())
    }

    @Test("fan-in and fan-out from hyperslab reads equal a brute-force filter of all edges", arguments: 0..<10)
    func lazyNeighborsMatchBruteForce(seed: UInt64) throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: seed)
        try random.write(to: directory.file("s.h5"))
        let store = try StoreFile.open(directory.file("s.h5"))
        let connectome = try store.connectome("test")
        let names = random.nodes.table.names
        for node in 0..<names.count {
            let neighbors = try connectome.neighbors(of: names[node])
            let chem = random.chemical.edges, gap = random.electrical.edges
            var expected: [Neighbor] = []
            for i in 0..<chem.count where Int(chem.sources[i]) == node {
                expected.append(Neighbor(name: names[Int(chem.targets[i])], population: "cells", kind: .chemical, direction: .outgoing, weight: chem.weights[i]))
            }
            for i in 0..<chem.count where Int(chem.targets[i]) == node {
                expected.append(Neighbor(name: names[Int(chem.sources[i])], population: "cells", kind: .chemical, direction: .incoming, weight: chem.weights[i]))
            }
            for i in 0..<gap.count where Int(gap.sources[i]) == node || Int(gap.targets[i]) == node {
                let other = Int(gap.sources[i]) == node ? gap.targets[i] : gap.sources[i]
                expected.append(Neighbor(name: names[Int(other)], population: "cells", kind: .electrical, direction: .both, weight: gap.weights[i]))
            }
            expected.sort { ($0.kind, $0.direction, $0.name) < ($1.kind, $1.direction, $1.name) }
            #expect(neighbors == expected, "seed \(seed), node \(names[node])")
        }
    }

    @Test("the same contents give the same bytes (no timestamps in the file)")
    func deterministicBytes() throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: 7)
        try random.write(to: directory.file("a.h5"))
        try random.write(to: directory.file("b.h5"))
        #expect(FileManager.default.contents(atPath: directory.file("a.h5")) == FileManager.default.contents(atPath: directory.file("b.h5")))
    }

    @Test("datasets above 64 elements are chunked (at most 65,536 per chunk) with shuffle + deflate; tiny ones are contiguous")
    func chunkingPolicy() throws {
        let directory = TemporaryDirectory()
        var random = RandomStore(seed: 3, nodeCount: 1000, edgeCount: 0)
        var list = EdgeList()
        for s in 0..<1000 { for t in stride(from: s % 7, to: 1000, by: 7) { list.append(source: UInt32(s), target: UInt32(t), weight: Double((s + t) % 5)) } }
        random.chemical.edges = list
        try random.write(to: directory.file("s.h5"))
        #expect(list.count > HDF5Layout.chunkElements)
        let root = try HDF5File.open(directory.file("s.h5")).root()
        let target = try root.dataset("edges/test.chemical.cells.cells/target")
        #expect(target.chunkShape == [HDF5Layout.chunkElements])
        #expect(target.filterNames == ["shuffle", "deflate"])
        #expect(try root.dataset("edges/test.chemical.cells.cells/indptr").chunkShape == [1001])
        #expect(try root.dataset("edges/test.electrical.cells.cells/target").chunkShape == nil, "empty: contiguous")
        #expect(try root.dataset("nodes/cells/@library/type").chunkShape == nil, "4 entries: contiguous")
        // A row read straddling chunk boundaries returns exactly that row.
        let population = try StoreFile.open(directory.file("s.h5")).edgePopulation("test.chemical.cells.cells")
        let out = try population.outgoing(from: 500)
        #expect(out.map(\.node) == Array(stride(from: 500 % 7, to: 1000, by: 7)))
        #expect(out.map(\.weight) == out.map { Double((500 + $0.node) % 5) })
    }

    @Test("adding to a store keeps what was there and leaves no temporary file")
    func addKeepsExisting() throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: 11)
        try random.write(to: directory.file("s.h5"))
        var extra = random.chemical
        extra.name = "second.chemical.cells.cells"
        let connectome = ConnectomeContents(name: "second", nodePopulations: ["cells"], edgePopulations: [extra.name])
        try StoreWriter.add(nodes: [], edges: [extra], connectomes: [connectome], to: directory.file("s.h5"))
        let store = try StoreFile.open(directory.file("s.h5"))
        #expect(store.connectomeNames == ["second", "test"])
        #expect(try store.edgePopulation(extra.name).edgeList() == store.edgePopulation(random.chemical.name).edgeList())
        #expect(directory.contents == ["s.h5"])
        // Adding a connectome whose name is taken fails and changes nothing.
        let before = FileManager.default.contents(atPath: directory.file("s.h5"))
        #expect(throws: StoreError.self) { try StoreWriter.add(nodes: [], edges: [], connectomes: [connectome], to: directory.file("s.h5")) }
        #expect(FileManager.default.contents(atPath: directory.file("s.h5")) == before)
        #expect(directory.contents == ["s.h5"])
    }
}
