import ConnectomeCore
import ConnectomeStore
import Foundation
@_exported import _TestSupport

/// A small random store: one node population with attributes, a chemical and an electrical population.
struct RandomStore {
    var nodes: NodePopulationContents
    var chemical: EdgePopulationContents
    var electrical: EdgePopulationContents
    var connectome: ConnectomeContents

    init(seed: UInt64, nodeCount: Int = 30, edgeCount: Int = 120, integerWeights: Bool = true) {
        var rng = SeededGenerator(seed: seed)
        let names = (0..<nodeCount).map { String(format: "N%03d", $0) }
        let table = NodeTable(
            names: names,
            categorical: ["type": names.map { _ in ["sensory", "interneuron", "motor", ""].randomElement(using: &rng)! }],
            numeric: ["x": names.map { _ in Bool.random(using: &rng) ? Double.random(in: -500...500, using: &rng) : .nan }])
        nodes = NodePopulationContents(name: "cells", species: "test species", provenance: Provenance(citation: "seed \(seed)", license: "CC0"), table: table)
        func randomEdges(symmetric: Bool) -> EdgeList {
            var seen = Set<UInt64>()
            var list = EdgeList()
            for _ in 0..<edgeCount {
                var s = UInt32.random(in: 0..<UInt32(nodeCount), using: &rng), t = UInt32.random(in: 0..<UInt32(nodeCount), using: &rng)
                if symmetric && s > t { swap(&s, &t) }
                guard seen.insert(UInt64(s) << 32 | UInt64(t)).inserted else { continue }
                let w = integerWeights ? Double(Int.random(in: 0...40, using: &rng)) : Double(Float.random(in: 0...2, using: &rng))
                list.append(source: s, target: t, weight: w)
            }
            return list
        }
        chemical = EdgePopulationContents(name: "test.chemical.cells.cells", sourcePopulation: "cells", targetPopulation: "cells",
                                          kind: .chemical, weightSemantics: "count", edges: randomEdges(symmetric: false))
        electrical = EdgePopulationContents(name: "test.electrical.cells.cells", sourcePopulation: "cells", targetPopulation: "cells",
                                            kind: .electrical, weightSemantics: "count", edges: randomEdges(symmetric: true))
        connectome = ConnectomeContents(name: "test", description: "random", weightSemantics: "count",
                                        sourceChecksums: ["a.csv": "00"], nodePopulations: ["cells"],
                                        edgePopulations: [chemical.name, electrical.name])
    }

    func write(to path: String) throws {
        try StoreWriter.write(nodes: [nodes], edges: [chemical, electrical], connectomes: [connectome], to: path)
    }
}
