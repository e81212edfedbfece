import ConnectomeCore
import Foundation
import HDF5

/// Which nodes of a connectome to keep: those satisfying every predicate and, when `names`
/// is given, listed in it.
public struct NodeSelection: Sendable {
    public var predicates: [NodePredicate]
    public var names: Set<String>?

    public init(predicates: [NodePredicate] = [], names: Set<String>? = nil) {
        self.predicates = predicates
        self.names = names
    }
}

/// What an extraction wrote.
public struct SubgraphSummary: Sendable, Codable, Equatable {
    public var nodes: [String: Int]
    public var edges: [String: Int]
}

/// Copies the part of a connectome induced by a node selection into a new store: the
/// selected nodes (with their attributes, renumbered in their original order) and every
/// edge between two selected nodes, with its weight and delay.
///
/// Edges are read in blocks of consecutive source rows (about a million edges at a time)
/// and streamed into the new store, so the original is never loaded whole; a block is read
/// only if one of its sources is selected.
public enum SubgraphExtraction {
    public static func extract(_ connectome: Connectome, selection: NodeSelection, as newName: String, to path: String,
                               progress: ((Double) -> Void)? = nil) throws -> SubgraphSummary {
        guard StoreFormat.isValidName(newName) else { throw StoreError.invalidName(kind: "connectome", name: newName) }
        let kept = try keptNodes(connectome, selection: selection)
        var nodeContents: [NodePopulationContents] = []
        var newIndex: [String: [Int32]] = [:]
        for population in connectome.nodePopulations {
            let keep = kept[population.name]!
            let table = try population.table()
            let indices = keep.indices.filter { keep[$0] }
            var map = [Int32](repeating: -1, count: population.count)
            for (k, i) in indices.enumerated() { map[i] = Int32(k) }
            newIndex[population.name] = map
            let subset = NodeTable(names: indices.map { table.names[$0] },
                                   categorical: table.categorical.mapValues { values in indices.map { values[$0] } },
                                   numeric: table.numeric.mapValues { values in indices.map { values[$0] } })
            nodeContents.append(NodePopulationContents(name: population.name, species: population.species,
                                                       provenance: population.provenance, table: subset))
        }
        let description = "Subgraph of \(connectome.name) (\(selection.predicates.map(\.description).joined(separator: ", "))"
            + (selection.names.map { "\(selection.predicates.isEmpty ? "" : "; ")\($0.count) listed nodes" } ?? "") + ")"
        let contents = ConnectomeContents(name: newName, description: description, provenance: connectome.provenance,
                                          weightSemantics: connectome.weightSemantics, sourceChecksums: connectome.sourceChecksums,
                                          nodePopulations: nodeContents.map(\.name), edgePopulations: connectome.edgePopulations.map(\.name))
        var summary = SubgraphSummary(nodes: nodeContents.reduce(into: [:]) { $0[$1.name] = $1.table.count }, edges: [:])
        let totalEdges = max(1, connectome.edgePopulations.reduce(0) { $0 + $1.count })
        var doneEdges = 0
        try StoreWriter.writeStreaming(nodes: nodeContents, connectomes: [contents], to: path) { store in
            for population in connectome.edgePopulations {
                guard let sourceMap = newIndex[population.sourcePopulation], let targetMap = newIndex[population.targetPopulation] else {
                    throw StoreError.invariant(file: connectome.name, dataset: population.name,
                                               problem: "edge population joins \(population.sourcePopulation) and \(population.targetPopulation), but connectome \(connectome.name) lists only node "
                                                   + "populations \(connectome.nodePopulations.map(\.name).joined(separator: ", "))")
                }
                summary.edges[population.name] = try copyEdges(population, sourceMap: sourceMap, targetMap: targetMap, into: store) { done in
                    progress?(Double(doneEdges + done) / Double(totalEdges))
                }
                doneEdges += population.count
            }
        }
        return summary
    }

    /// Per node population, whether each node is selected.
    static func keptNodes(_ connectome: Connectome, selection: NodeSelection) throws -> [String: [Bool]] {
        for predicate in selection.predicates where predicate.attribute != "name" {
            let known = try connectome.nodePopulations.contains {
                try $0.numericAttributeNames().contains(predicate.attribute) || $0.categoricalAttributeNames().contains(predicate.attribute)
            }
            guard known else {
                let available = Set(try connectome.nodePopulations.flatMap { try $0.numericAttributeNames() + $0.categoricalAttributeNames() })
                throw StoreError.invalidContents(what: "node condition \(predicate)",
                                                 problem: "no node population of \(connectome.name) has an attribute \(predicate.attribute) (available: "
                                                     + "\((["name"] + available.sorted()).joined(separator: ", ")))")
            }
        }
        var kept: [String: [Bool]] = [:]
        var listed = Set<String>()
        for population in connectome.nodePopulations {
            var keep = [Bool](repeating: true, count: population.count)
            for predicate in selection.predicates {
                let satisfied = try predicate.evaluate(on: population)
                for i in keep.indices where !satisfied[i] { keep[i] = false }
            }
            if let names = selection.names {
                let all = try population.names()
                for i in keep.indices {
                    let isListed = names.contains(all[i])
                    if isListed { listed.insert(all[i]) }
                    keep[i] = keep[i] && isListed
                }
            }
            kept[population.name] = keep
        }
        if let names = selection.names, let missing = names.subtracting(listed).sorted().first {
            throw StoreError.invalidContents(what: "node list", problem: "no node named \(missing) in connectome \(connectome.name) (\(names.subtracting(listed).count) listed names unknown)")
        }
        return kept
    }

    /// Streams the edges of `population` between kept nodes; returns how many were kept.
    static func copyEdges(_ population: EdgePopulation, sourceMap: [Int32], targetMap: [Int32], into store: StreamingStore,
                          progress: (Int) -> Void) throws -> Int {
        let group = population.group
        let weightType: StreamedWeightType
        switch try population.weightKind {
        case .signedInteger, .unsignedInteger: weightType = .int32
        case .float(bytes: 4): weightType = .float32
        default: weightType = .float64
        }
        let hasDelays = group.exists("attributes/delay")
        let writer = try store.addEdgePopulation(StreamedEdgePopulation(
            name: population.name, sourcePopulation: population.sourcePopulation, targetPopulation: population.targetPopulation,
            sourceCount: sourceMap.filter { $0 >= 0 }.count, targetCount: targetMap.filter { $0 >= 0 }.count,
            kind: population.kind, weightSemantics: population.weightSemantics, provenance: population.provenance,
            weightType: weightType, hasDelays: hasDelays))
        try population.forEachRowBlock(maxEdges: 1 << 20, delays: hasDelays, skip: { sources in
            !sources.contains { sourceMap[$0] >= 0 }
        }) { block in
            for source in block.sources where sourceMap[source] >= 0 {
                var rowTargets: [UInt32] = [], rowWeights: [Double] = [], rowDelays: [Float] = []
                for k in block.row(source) {
                    let target = targetMap[Int(block.targets[k])]
                    guard target >= 0 else { continue }
                    rowTargets.append(UInt32(target))
                    rowWeights.append(block.weights[k])
                    if let delays = block.delays { rowDelays.append(delays[k]) }
                }
                if !rowTargets.isEmpty {
                    try writer.appendRow(source: Int(sourceMap[source]), targets: rowTargets, weights: rowWeights,
                                         delays: hasDelays ? rowDelays : nil)
                }
            }
            progress(block.firstEdge + block.targets.count)
        }
        return writer.edgeCount
    }
}
