import ConnectomeCore
import ConnectomeGenerate
import ConnectomeStore
import Foundation
import Testing

@Suite("Subgraph extraction")
struct SubgraphTests {
    @Test("extracting a region of a generated graph equals a brute-force filter of all its edges")
    func regionEqualsBruteForce() throws {
        let source = temporaryPath("region-source.h5"), target = temporaryPath("region-sub.h5")
        _ = try VoxelGraphGenerator(smallParameters(shape: .ellipsoid)).write(to: source, name: "vox", threads: 2)
        let store = try StoreFile.open(source)
        let connectome = try store.connectome("vox")
        let conditions = ["x<500", "z>=200", "y!=450"]
        let summary = try SubgraphExtraction.extract(connectome, selection: NodeSelection(predicates: try conditions.map { try NodePredicate(parsing: $0) }),
                                                     as: "region", to: target)
        // Brute force: every node tested directly, every edge of the full list filtered.
        let nodes = try store.nodePopulation("vox")
        let x = try nodes.numeric("x"), y = try nodes.numeric("y"), z = try nodes.numeric("z")
        let keep = x.indices.map { x[$0] < 500 && z[$0] >= 200 && y[$0] != 450 }
        var newIndex = [Int](repeating: -1, count: keep.count), next = 0
        for i in keep.indices where keep[i] { newIndex[i] = next; next += 1 }
        let full = try store.edgePopulation("vox.chemical.vox.vox")
        let all = try full.edgeList(), allDelays = try full.attribute("delay")
        var expected: [(UInt32, UInt32, Double, Double)] = []
        for k in 0..<all.count where keep[Int(all.sources[k])] && keep[Int(all.targets[k])] {
            expected.append((UInt32(newIndex[Int(all.sources[k])]), UInt32(newIndex[Int(all.targets[k])]), all.weights[k], allDelays[k]))
        }
        let sub = try StoreFile.open(target)
        try sub.validate()
        let population = try sub.edgePopulation("vox.chemical.vox.vox")
        let list = try population.edgeList(), delays = try population.attribute("delay")
        #expect(next > 20 && next < keep.count / 2, "the region keeps part of the graph (\(next) of \(keep.count) nodes)")
        #expect(expected.count > 100 && list.count == expected.count && summary.edges["vox.chemical.vox.vox"] == expected.count)
        let same = (0..<min(list.count, expected.count)).allSatisfy {
            (list.sources[$0], list.targets[$0], list.weights[$0], delays[$0]) == expected[$0]
        }
        #expect(same)
        let names = try nodes.names()
        #expect(try sub.nodePopulation("vox").names() == keep.indices.filter { keep[$0] }.map { names[$0] })
        #expect(try sub.nodePopulation("vox").numeric("x") == keep.indices.filter { keep[$0] }.map { x[$0] })
        #expect(try sub.connectome("region").description.contains("x<500"))
    }

    @Test("a name list and a text condition select the same cells in every population, gap junctions included")
    func namesAndCategories() throws {
        let worm = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("connectomes/celegans.h5").path
        let store = try StoreFile.open(worm)
        let connectome = try store.connectome("cook2019_herm")
        let target = temporaryPath("worm-sub.h5")
        let listed: Set<String> = ["AVAL", "AVAR", "AVBL", "AVBR", "PVCL", "PVCR", "DA1", "VA1"]
        _ = try SubgraphExtraction.extract(connectome, selection: NodeSelection(predicates: [try NodePredicate(parsing: "type!=motor")], names: listed),
                                           as: "command", to: target)
        let sub = try StoreFile.open(target)
        try sub.validate()
        let kept = try sub.nodePopulation("herm_neurons").names()
        let neurons = try store.nodePopulation("herm_neurons")
        let types = Dictionary(uniqueKeysWithValues: zip(try neurons.names(), try neurons.categorical("type")))
        #expect(Set(kept) == listed.filter { types[$0] != "motor" })
        #expect(kept.count >= 6)
        // Brute force over both kinds: every edge of the original between kept cells, by name.
        let original = try neurons.names()
        for kind in ["chemical", "electrical"] {
            let name = "cook2019_herm.\(kind).herm_neurons.herm_neurons"
            let all = try store.edgePopulation(name).edgeList()
            let expected = (0..<all.count).filter { kept.contains(original[Int(all.sources[$0])]) && kept.contains(original[Int(all.targets[$0])]) }
                .map { "\(original[Int(all.sources[$0])])>\(original[Int(all.targets[$0])]):\(all.weights[$0])" }
            let subList = try sub.edgePopulation(name).edgeList()
            let got = (0..<subList.count).map { "\(kept[Int(subList.sources[$0])])>\(kept[Int(subList.targets[$0])]):\(subList.weights[$0])" }
            #expect(got == expected, "\(kind)")
            #expect(!got.isEmpty)
        }
        #expect(try sub.edgePopulation("cook2019_herm.electrical.herm_neurons.herm_neurons").isSymmetric)
    }
}

@Suite("Degree distributions")
struct DegreeDistributionTests {
    @Test("the streamed degree histograms equal counts from the full edge list")
    func againstEdgeList() throws {
        let path = temporaryPath("degrees.h5")
        let generator = try VoxelGraphGenerator(smallParameters(shape: .ellipsoid))
        _ = try generator.write(to: path, name: "vox")
        let store = try StoreFile.open(path)
        let summary = try ConnectomeSummary(try store.connectome("vox"))
        let list = try store.edgePopulation("vox.chemical.vox.vox").edgeList()
        var out = [Int](repeating: 0, count: generator.grid.count), into = out
        for k in 0..<list.count { out[Int(list.sources[k])] += 1; into[Int(list.targets[k])] += 1 }
        func histogram(_ degrees: [Int]) -> [Int] {
            (0...(degrees.max()!)).map { d in degrees.filter { $0 == d }.count }
        }
        #expect(summary.degreeHistograms["chemical out-degree (vox)"] == histogram(out))
        #expect(summary.degreeHistograms["chemical in-degree (vox)"] == histogram(into))
        #expect(summary.degreeHistograms["chemical out-degree (vox)"]!.reduce(0, +) == generator.grid.count)
    }
}
