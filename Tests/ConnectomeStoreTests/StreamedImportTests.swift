import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation
import HDF5
import Testing

@Suite("Streamed CSV import")
struct StreamedImportTests {
    static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let hermaphroditeNodes = ["herm_neurons", "herm_muscles", "herm_other"].map {
        NodeSource(path: repository.appendingPathComponent("connectomes/nodes/\($0).csv").path)
    }

    /// Every edge population of `name` in `path`, by population name.
    func populations(_ path: String, _ name: String) throws -> [String: EdgeList] {
        let connectome = try StoreFile.open(path).connectome(name)
        return try Dictionary(uniqueKeysWithValues: connectome.edgePopulations.map { ($0.name, try $0.edgeList()) })
    }

    /// The Cook hermaphrodite edge list with its rows shuffled, written to `directory`.
    func shuffledCook(_ directory: TemporaryDirectory) throws -> String {
        let text = try String(contentsOfFile: Self.repository.appendingPathComponent("connectomes/edges/cook2019_herm.csv").path, encoding: .utf8)
        var lines = text.split(separator: "\n").map(String.init)
        let header = lines.removeFirst()
        var rng = SeededGenerator(seed: 11)
        lines.shuffle(using: &rng)
        return directory.write("cook_shuffled.csv", ([header] + lines).joined(separator: "\n") + "\n")
    }

    @Test("equals the in-memory import: shuffled rows, three populations, gap junctions across them, many runs and blocks")
    func equalsInMemory() throws {
        let directory = TemporaryDirectory()
        let edges = try shuffledCook(directory)
        _ = try CSVImport.importConnectome(name: "cook", edgesPath: edges, nodes: Self.hermaphroditeNodes, metadata: ConnectomeMetadata(),
                                           storePath: directory.file("memory.h5"), reverseIndex: false)
        for (runLength, blockBytes) in [(1_000, 20_000), (1 << 24, 64 << 20)] {
            let path = directory.file("streamed-\(runLength).h5")
            let summary = try StreamedCSVImport.importConnectome(
                name: "cook", edgesPath: edges, nodes: Self.hermaphroditeNodes, metadata: ConnectomeMetadata(), storePath: path,
                options: StreamedCSVImport.Options(runLength: runLength, blockBytes: blockBytes))
            #expect(summary.runs == (runLength == 1_000 ? 7 : 1))
            try StoreFile.open(path).validate()
            let memory = try populations(directory.file("memory.h5"), "cook"), streamed = try populations(path, "cook")
            #expect(streamed.keys.sorted() == memory.keys.sorted())
            for (name, list) in memory { #expect(streamed[name] == list, "\(name)") }
            #expect(memory.keys.contains { $0.hasPrefix("cook.electrical.herm_muscles.herm_neurons") }, "gap junctions across populations, from the alphabetically first")
            let store = try StoreFile.open(path)
            #expect(try store.connectome("cook").sourceChecksums == StoreFile.open(directory.file("memory.h5")).connectome("cook").sourceChecksums)
        }
        #expect(directory.contents.allSatisfy { !$0.hasPrefix(".") }, "no temporary runs or files left: \(directory.contents)")
    }

    @Test("without node files, the names in the edge file make one population, as in the in-memory import")
    func namesFromEdges() throws {
        let directory = TemporaryDirectory()
        let edges = directory.write("e.csv", "pre,post,kind,weight\nB,A,chemical,2\nA,C,electrical,1.5\nC,B,chemical,3\nC,A,chemical,1\n")
        _ = try CSVImport.importConnectome(name: "t", edgesPath: edges, nodes: [], metadata: ConnectomeMetadata(), storePath: directory.file("m.h5"), reverseIndex: false)
        _ = try StreamedCSVImport.importConnectome(name: "t", edgesPath: edges, nodes: [], metadata: ConnectomeMetadata(), storePath: directory.file("s.h5"),
                                                   options: StreamedCSVImport.Options(runLength: 2, blockBytes: 16))
        #expect(try populations(directory.file("s.h5"), "t") == populations(directory.file("m.h5"), "t"))
        #expect(try StoreFile.open(directory.file("s.h5")).nodePopulation("t_nodes").names() == ["A", "B", "C"])
        // Weight types are chosen per population, as in memory: whole chemical weights, a fractional gap junction.
        #expect(try StoreFile.open(directory.file("s.h5")).edgePopulation("t.chemical.t_nodes.t_nodes").weightKind == .signedInteger(bytes: 4))
        #expect(try StoreFile.open(directory.file("s.h5")).edgePopulation("t.electrical.t_nodes.t_nodes").weightKind == .float(bytes: 4))
    }

    @Test("input promised sorted is written in one pass; a row out of order or a weight of the wrong type stops it")
    func sortedInput() throws {
        let directory = TemporaryDirectory()
        let sorted = directory.write("sorted.csv", "pre,post,kind,weight\nA,B,chemical,2\nA,C,chemical,1\nB,A,chemical,3\nC,A,chemical,1\nA,C,electrical,1.5\n")
        let nodes = directory.write("t_nodes.csv", "name\nA\nB\nC\n")
        _ = try CSVImport.importConnectome(name: "t", edgesPath: sorted, nodes: [NodeSource(path: nodes)], metadata: ConnectomeMetadata(),
                                           storePath: directory.file("m.h5"), reverseIndex: false)
        let summary = try StreamedCSVImport.importConnectome(
            name: "t", edgesPath: sorted, nodes: [NodeSource(path: nodes)], metadata: ConnectomeMetadata(), storePath: directory.file("s.h5"),
            options: StreamedCSVImport.Options(runLength: 2, blockBytes: 16, sortedWeightType: .float32))
        #expect(summary.runs == 0)
        #expect(try populations(directory.file("s.h5"), "t") == populations(directory.file("m.h5"), "t"))
        for (text, type, message) in [
            ("pre,post,kind,weight\nA,C,chemical,1\nA,B,chemical,2\n", StreamedWeightType.float32,
             "e.csv:3: the file is not sorted, as --sorted promised: chemical edge A→B comes after chemical edge A→C (line 2)"),
            ("pre,post,kind,weight\nA,B,electrical,1\nA,B,chemical,2\n", .float32, "e.csv:3: the file is not sorted"),
            ("pre,post,kind,weight\nA,B,chemical,1.5\n", .int32, "e.csv:2: weight 1.5 is not a whole number, but --sorted int32 was given"),
        ] {
            let bad = TemporaryDirectory()
            let edges = bad.write("e.csv", text), nodeFile = bad.write("t_nodes.csv", "name\nA\nB\nC\n")
            #expect {
                try StreamedCSVImport.importConnectome(name: "t", edgesPath: edges, nodes: [NodeSource(path: nodeFile)], metadata: ConnectomeMetadata(),
                                                       storePath: bad.file("s.h5"), options: StreamedCSVImport.Options(sortedWeightType: type))
            } throws: { "\($0)".contains(message) }
            #expect(bad.contents == ["e.csv", "t_nodes.csv"])
        }
    }

    @Test("bad input names the file and line, and leaves no store and no temporary runs")
    func badInput() throws {
        let header = "pre,post,kind,weight\n"
        let body = (0..<40).map { "AVAL,\(["AVAR", "AVBL", "AVBR", "PVCL", "PVCR", "DVA", "AIBL", "AIBR"][$0 % 8]),\($0 < 8 ? "chemical" : "x"),1\n" }
        let cases: [(String, String)] = [
            (header + "AVAL,AVAR,chemical,1\nAVBL,AVAR,chemical,2\nAVAL,AVAR,chemical,3\n", "e.csv:4: duplicate chemical edge AVAL→AVAR, first on line 2"),
            (header + "AVAL,AVAR,electrical,1\nAVAR,AVAL,electrical,1\n", "e.csv:3: duplicate gap junction"),
            (header + "AVAL,NOPE,chemical,1\n", "e.csv:2: unknown cell \"NOPE\""),
            (header + "AVAL,AVAR,chemical,1\nAVAL,AVBL,chem", "e.csv:3: expected 4 fields, found 3"),
            (header + "AVAL,AVAR,chemical,nan\n", "e.csv:2: weight is nan"),
            (header + body.joined(), "e.csv:10: kind \"x\" is not chemical or electrical"),
            ("", "the file is empty"),
        ]
        for (text, message) in cases {
            let directory = TemporaryDirectory()
            let edges = directory.write("e.csv", text)
            #expect {
                try StreamedCSVImport.importConnectome(name: "bad", edgesPath: edges, nodes: Self.hermaphroditeNodes, metadata: ConnectomeMetadata(),
                                                       storePath: directory.file("bad.h5"), options: StreamedCSVImport.Options(runLength: 1, blockBytes: 30))
            } throws: { "\($0)".contains(message) }
            #expect(directory.contents == ["e.csv"], "\(message): \(directory.contents)")
        }
        let directory = TemporaryDirectory()
        let edges = directory.write("e.csv", header + "AVAL,AVAR,chemical,1\n")
        let existing = directory.write("exists.h5", "not a store")
        #expect {
            try StreamedCSVImport.importConnectome(name: "x", edgesPath: edges, nodes: Self.hermaphroditeNodes, metadata: ConnectomeMetadata(), storePath: existing)
        } throws: { "\($0)".contains("writes a new store") }
        #expect(try String(contentsOfFile: existing, encoding: .utf8) == "not a store")
    }
}

@Suite("Streamed SONATA import")
struct StreamedSONATAImportTests {
    @Test("equals the in-memory SONATA import (worm with three populations and gap junctions; random stores), with many runs")
    func equalsInMemory() throws {
        let directory = TemporaryDirectory()
        let worm = try StoreFile.open(StreamedImportTests.repository.appendingPathComponent("connectomes/celegans.h5").path)
        try SONATAExport.write(try worm.connectome("cook2019_herm"), to: directory.file("cook"))
        let random = RandomStore(seed: 6, nodeCount: 60, edgeCount: 500, integerWeights: false)
        try StoreWriter.write(nodes: [random.nodes], edges: [random.chemical, random.electrical], connectomes: [random.connectome],
                              to: directory.file("random.h5"))
        try SONATAExport.write(try StoreFile.open(directory.file("random.h5")).connectome(random.connectome.name), to: directory.file("random"))
        for circuit in ["cook", "random"] {
            let memory = try SONATAImport.read(directory: directory.file(circuit))
            let summary = try StreamedSONATAImport.importCircuit(directory: directory.file(circuit), storePath: directory.file("\(circuit)-streamed.h5"),
                                                                 options: StreamedCSVImport.Options(runLength: 300))
            #expect(summary.runs > memory.edges.count, "several runs per population")
            let store = try StoreFile.open(directory.file("\(circuit)-streamed.h5"))
            try store.validate()
            for population in memory.edges {
                let streamed = try store.edgePopulation(population.name)
                #expect(try streamed.edgeList() == CompressedSparseRows(population.edges, sourceCount: try store.nodePopulation(population.sourcePopulation).count,
                                                                        targetCount: try store.nodePopulation(population.targetPopulation).count, reverse: false).edgeList(sources: true),
                        "\(circuit): \(population.name)")
                #expect(streamed.kind == population.kind && streamed.weightSemantics == population.weightSemantics)
            }
            for node in memory.nodes { #expect(try store.nodePopulation(node.name).contents() == node) }
            #expect(try store.connectome(memory.connectome.name).sourceChecksums == memory.connectome.sourceChecksums)
        }
        #expect(directory.contents.allSatisfy { !$0.hasPrefix(".") })
    }
}

extension StreamedSONATAImportTests {
    @Test("an edge naming a node id outside its population is reported with its index, in memory and streamed, leaving no store")
    func outOfRangeIds() throws {
        let directory = TemporaryDirectory()
        let random = RandomStore(seed: 8, nodeCount: 20, edgeCount: 40)
        try random.write(to: directory.file("random.h5"))
        try SONATAExport.write(try StoreFile.open(directory.file("random.h5")).connectome(random.connectome.name), to: directory.file("sonata"))
        // Replace edges.h5 with one population whose third edge points past the 20 cells.
        let edges = try HDF5File.create(directory.file("sonata/edges.h5"))
        try edges.root().setAttribute("plexus_connectome", "bad")
        let population = try edges.root().groupCreatingIfNeeded("edges").createGroup("links")
        try population.createDataset("source_node_id", values: [0, 1, 2] as [UInt64]).setAttribute("node_population", "cells")
        try population.createDataset("target_node_id", values: [3, 4, 20] as [UInt64]).setAttribute("node_population", "cells")
        try edges.flush()
        for streamed in [false, true] {
            #expect {
                if streamed {
                    _ = try StreamedSONATAImport.importCircuit(directory: directory.file("sonata"), storePath: directory.file("bad.h5"))
                } else {
                    _ = try SONATAImport.read(directory: directory.file("sonata"))
                }
            } throws: { "\($0)".contains("/edges/links: edge 2 refers to a node id outside its population (2 → 20; 20 and 20 nodes)") }
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("bad.h5")))
    }
}

extension CompressedSparseRows {
    /// The edges in CSR order as an edge list.
    func edgeList(sources: Bool) -> EdgeList {
        var list = EdgeList()
        for s in 0..<(indptr.count - 1) {
            for k in Int(indptr[s])..<Int(indptr[s + 1]) { list.append(source: UInt32(s), target: targets[k], weight: weights[k]) }
        }
        return list
    }
}
