import ConnectomeCore
import ConnectomeStore
import Foundation
import HDF5

/// Reads a SONATA circuit (`nodes.h5` + `edges.h5`) into store contents.
///
/// Node names come from `0/name` (else the node id as text); other datasets in group `0`
/// become attributes (`@library` enumerations decoded). Edge weights come from `0/syn_weight`
/// (else 1). Files written by ``SONATAExport`` carry `plexus_*` attributes with the synapse
/// kind and provenance, so the round trip store → SONATA → store is lossless.
public enum SONATAImport {
    public static func read(directory: String, name: String? = nil) throws -> CSVImport.Result {
        try read(nodesPath: directory + "/nodes.h5", edgesPath: directory + "/edges.h5", name: name)
    }

    public static func read(nodesPath: String, edgesPath: String, name: String?) throws -> CSVImport.Result {
        let nodesRoot = try HDF5File.open(nodesPath).root()
        guard nodesRoot.exists("nodes") else { throw ImportError(file: nodesPath, "no /nodes group: not a SONATA nodes file") }
        var nodes: [NodePopulationContents] = []
        for population in try nodesRoot.group("nodes").childNames() {
            nodes.append(try readNodePopulation(try nodesRoot.group("nodes/\(population)"), name: population, path: nodesPath))
        }
        let edgesRoot = try HDF5File.open(edgesPath).root()
        guard edgesRoot.exists("edges") else { throw ImportError(file: edgesPath, "no /edges group: not a SONATA edges file") }
        func text(_ group: HDF5Group, _ key: String) throws -> String { group.hasAttribute(key) ? try group.stringAttribute(key) : "" }
        let connectomeName = try name ?? (edgesRoot.hasAttribute("plexus_connectome") ? edgesRoot.stringAttribute("plexus_connectome") : "")
        guard StoreFormat.isValidName(connectomeName) else {
            throw ImportError(file: edgesPath, "no connectome name recorded in the file; pass --name")
        }
        let counts = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.table.count) })
        var edges: [EdgePopulationContents] = []
        for population in try edgesRoot.group("edges").childNames() {
            edges.append(try readEdgePopulation(try edgesRoot.group("edges/\(population)"), name: population,
                                                nodeCounts: counts, path: edgesPath))
        }
        var checksums: [String: String] = [:]
        if edgesRoot.exists("plexus_sources") {
            let sources = try edgesRoot.group("plexus_sources")
            for key in try sources.attributeNames() { checksums[key] = try sources.stringAttribute(key) }
        }
        let connectome = ConnectomeContents(
            name: connectomeName, description: try text(edgesRoot, "plexus_description"),
            provenance: Provenance(citation: try text(edgesRoot, "plexus_citation"), license: try text(edgesRoot, "plexus_license")),
            weightSemantics: try text(edgesRoot, "plexus_weight_semantics"), sourceChecksums: checksums,
            nodePopulations: nodes.map(\.name), edgePopulations: edges.map(\.name))
        return CSVImport.Result(nodes: nodes, edges: edges, connectome: connectome)
    }

    static func readNodePopulation(_ group: HDF5Group, name: String, path: String) throws -> NodePopulationContents {
        guard group.isDataset("node_type_id") else { throw ImportError(file: path, "\(group.path)/node_type_id is missing") }
        let n = try group.dataset("node_type_id").count
        if group.isDataset("node_group_id") {
            let ids = try group.dataset("node_group_id").read(as: Int64.self)
            guard ids.allSatisfy({ $0 == 0 }) else { throw ImportError(file: path, "\(group.path): only node group 0 is supported") }
        }
        var names = (0..<n).map(String.init)
        var table = NodeTable(names: names)
        if group.exists("0") {
            let attributes = try group.group("0")
            let libraries = attributes.exists("@library") ? Set(try attributes.group("@library").childNames()) : []
            for attribute in try attributes.childNames() where attribute != "@library" {
                guard attributes.isDataset(attribute) else { continue }
                let dataset = try attributes.dataset(attribute)
                guard dataset.dimensions.count == 1, dataset.count == n else {
                    throw ImportError(file: path, "\(dataset.path) has shape \(dataset.dimensions), expected [\(n)]")
                }
                if attribute == "name" {
                    names = try dataset.readStrings()
                } else if libraries.contains(attribute) {
                    let library = try attributes.dataset("@library/\(attribute)").readStrings()
                    table.categorical[attribute] = try dataset.read(as: UInt32.self).map { code in
                        guard Int(code) < library.count else { throw ImportError(file: path, "\(dataset.path): code \(code) has no @library entry") }
                        return library[Int(code)]
                    }
                } else if dataset.elementKind == .string {
                    table.categorical[attribute] = try dataset.readStrings()
                } else {
                    table.numeric[attribute] = try dataset.read(as: Double.self)
                }
            }
        }
        table.names = names
        func text(_ key: String) throws -> String { group.hasAttribute(key) ? try group.stringAttribute(key) : "" }
        return NodePopulationContents(name: name, species: try text("plexus_species"),
                                      provenance: Provenance(citation: try text("plexus_citation"), license: try text("plexus_license")),
                                      table: table)
    }

    static func readEdgePopulation(_ group: HDF5Group, name: String, nodeCounts: [String: Int], path: String) throws -> EdgePopulationContents {
        for required in ["source_node_id", "target_node_id"] where !group.isDataset(required) {
            throw ImportError(file: path, "\(group.path)/\(required) is missing")
        }
        let sourceSet = try group.dataset("source_node_id"), targetSet = try group.dataset("target_node_id")
        let sourcePopulation = try sourceSet.stringAttribute("node_population")
        let targetPopulation = try targetSet.stringAttribute("node_population")
        for population in [sourcePopulation, targetPopulation] where nodeCounts[population] == nil {
            throw ImportError(file: path, "\(group.path) refers to node population \(population), which nodes.h5 does not hold")
        }
        let sources = try sourceSet.read(as: UInt64.self), targets = try targetSet.read(as: UInt64.self)
        guard sources.count == targets.count else {
            throw ImportError(file: path, "\(group.path): source_node_id has \(sources.count) entries but target_node_id \(targets.count)")
        }
        let weights = group.isDataset("0/syn_weight") ? try group.dataset("0/syn_weight").read(as: Double.self)
                                                      : [Double](repeating: 1, count: sources.count)
        guard weights.count == sources.count else { throw ImportError(file: path, "\(group.path)/0/syn_weight has \(weights.count) entries for \(sources.count) edges") }
        func text(_ key: String) throws -> String { group.hasAttribute(key) ? try group.stringAttribute(key) : "" }
        let kindName = try text("plexus_kind")
        let kind = SynapseKind(rawValue: kindName) ?? .chemical
        var list = EdgeList()
        for i in 0..<sources.count {
            guard sources[i] < UInt64(nodeCounts[sourcePopulation]!), targets[i] < UInt64(nodeCounts[targetPopulation]!) else {
                throw ImportError(file: path, "\(group.path): edge \(i) refers to a node id outside its population")
            }
            var (s, t) = (UInt32(sources[i]), UInt32(targets[i]))
            if kind.isSymmetric && sourcePopulation == targetPopulation && s > t { swap(&s, &t) }
            list.append(source: s, target: t, weight: weights[i])
        }
        return EdgePopulationContents(name: name, sourcePopulation: sourcePopulation, targetPopulation: targetPopulation,
                                      kind: kind, weightSemantics: try text("plexus_weight_semantics"),
                                      provenance: Provenance(citation: try text("plexus_citation"), license: try text("plexus_license")),
                                      edges: list)
    }
}
