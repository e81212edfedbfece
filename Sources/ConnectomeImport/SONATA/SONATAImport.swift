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
        let circuit = try Circuit(nodesPath: nodesPath, edgesPath: edgesPath, name: name)
        let edges = try circuit.edgePopulationNames.map { population in
            try readEdgePopulation(try circuit.edgeHeader(population))
        }
        return CSVImport.Result(nodes: circuit.nodes, edges: edges, connectome: try circuit.connectome(edgePopulations: edges.map(\.name)))
    }

    /// Everything of a SONATA circuit but the edges themselves: node populations, the open
    /// edges file, the connectome name and the provenance recorded by ``SONATAExport``.
    struct Circuit {
        let nodes: [NodePopulationContents]
        let edgesRoot: HDF5Group
        let edgesPath: String
        let name: String
        let edgePopulationNames: [String]

        init(nodesPath: String, edgesPath: String, name: String?) throws {
            let nodesRoot = try HDF5File.open(nodesPath).root()
            guard nodesRoot.exists("nodes") else { throw ImportError(file: nodesPath, "no /nodes group: not a SONATA nodes file") }
            nodes = try nodesRoot.group("nodes").childNames().map { population in
                try readNodePopulation(try nodesRoot.group("nodes/\(population)"), name: population, path: nodesPath)
            }
            edgesRoot = try HDF5File.open(edgesPath).root()
            self.edgesPath = edgesPath
            guard edgesRoot.exists("edges") else { throw ImportError(file: edgesPath, "no /edges group: not a SONATA edges file") }
            self.name = try name ?? (edgesRoot.hasAttribute("plexus_connectome") ? edgesRoot.stringAttribute("plexus_connectome") : "")
            guard StoreFormat.isValidName(self.name) else {
                throw ImportError(file: edgesPath, "no connectome name recorded in the file; pass --name")
            }
            edgePopulationNames = try edgesRoot.group("edges").childNames()
        }

        /// The datasets and attributes of edge population `population`, checked against the nodes.
        func edgeHeader(_ population: String) throws -> EdgeHeader {
            try EdgeHeader(try edgesRoot.group("edges/\(population)"), name: population,
                           nodeCounts: Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.table.count) }), path: edgesPath)
        }

        /// The connectome record over `edgePopulations`.
        func connectome(edgePopulations: [String]) throws -> ConnectomeContents {
            var checksums: [String: String] = [:]
            if edgesRoot.exists("plexus_sources") {
                let sources = try edgesRoot.group("plexus_sources")
                for key in try sources.attributeNames() { checksums[key] = try sources.stringAttribute(key) }
            }
            return ConnectomeContents(
                name: name, description: try text(edgesRoot, "plexus_description"),
                provenance: Provenance(citation: try text(edgesRoot, "plexus_citation"), license: try text(edgesRoot, "plexus_license")),
                weightSemantics: try text(edgesRoot, "plexus_weight_semantics"), sourceChecksums: checksums,
                nodePopulations: nodes.map(\.name), edgePopulations: edgePopulations)
        }
    }

    /// One SONATA edge population's datasets and store attributes, before any edge is read.
    struct EdgeHeader {
        let name: String
        let path: String
        let group: HDF5Group
        let sources: HDF5Dataset, targets: HDF5Dataset
        /// `0/syn_weight`, or nil (weights 1).
        let weights: HDF5Dataset?
        let sourcePopulation: String, targetPopulation: String
        let sourceCount: Int, targetCount: Int
        let count: Int
        let kind: SynapseKind
        let weightSemantics: String
        let provenance: Provenance

        init(_ group: HDF5Group, name: String, nodeCounts: [String: Int], path: String) throws {
            self.name = name
            self.path = path
            self.group = group
            for required in ["source_node_id", "target_node_id"] where !group.isDataset(required) {
                throw ImportError(file: path, "\(group.path)/\(required) is missing")
            }
            sources = try group.dataset("source_node_id")
            targets = try group.dataset("target_node_id")
            sourcePopulation = try sources.stringAttribute("node_population")
            targetPopulation = try targets.stringAttribute("node_population")
            for population in [sourcePopulation, targetPopulation] where nodeCounts[population] == nil {
                throw ImportError(file: path, "\(group.path) refers to node population \(population), which nodes.h5 does not hold")
            }
            sourceCount = nodeCounts[sourcePopulation]!
            targetCount = nodeCounts[targetPopulation]!
            count = sources.count
            guard targets.count == count else {
                throw ImportError(file: path, "\(group.path): source_node_id has \(count) entries but target_node_id \(targets.count)")
            }
            weights = group.isDataset("0/syn_weight") ? try group.dataset("0/syn_weight") : nil
            if let weights, weights.count != count {
                throw ImportError(file: path, "\(group.path)/0/syn_weight has \(weights.count) entries for \(count) edges")
            }
            kind = SynapseKind(rawValue: try text(group, "plexus_kind")) ?? .chemical
            weightSemantics = try text(group, "plexus_weight_semantics")
            provenance = Provenance(citation: try text(group, "plexus_citation"), license: try text(group, "plexus_license"))
        }

        /// Source, target and weight of edge `first + k` for the edges in `range`, with node ids
        /// checked and gap junctions within one population oriented source ≤ target.
        func read(_ range: Range<Int>, _ body: (_ k: Int, _ source: UInt32, _ target: UInt32, _ weight: Double) throws -> Void) throws {
            let s = try sources.read(as: UInt64.self, range: range), t = try targets.read(as: UInt64.self, range: range)
            let w = try weights?.read(as: Double.self, range: range) ?? [Double](repeating: 1, count: range.count)
            let symmetricWithin = kind.isSymmetric && sourcePopulation == targetPopulation
            for k in 0..<range.count {
                guard s[k] < UInt64(sourceCount), t[k] < UInt64(targetCount) else {
                    throw ImportError(file: path, "\(group.path): edge \(range.lowerBound + k) refers to a node id outside its population "
                                      + "(\(s[k]) → \(t[k]); \(sourceCount) and \(targetCount) nodes)")
                }
                var (a, b) = (UInt32(s[k]), UInt32(t[k]))
                if symmetricWithin && a > b { swap(&a, &b) }
                try body(range.lowerBound + k, a, b, w[k])
            }
        }
    }

    static func text(_ group: HDF5Group, _ key: String) throws -> String { group.hasAttribute(key) ? try group.stringAttribute(key) : "" }

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
        return NodePopulationContents(name: name, species: try text(group, "plexus_species"),
                                      provenance: Provenance(citation: try text(group, "plexus_citation"), license: try text(group, "plexus_license")),
                                      table: table)
    }

    static func readEdgePopulation(_ header: EdgeHeader) throws -> EdgePopulationContents {
        var list = EdgeList()
        try header.read(0..<header.count) { _, source, target, weight in list.append(source: source, target: target, weight: weight) }
        return EdgePopulationContents(name: header.name, sourcePopulation: header.sourcePopulation, targetPopulation: header.targetPopulation,
                                      kind: header.kind, weightSemantics: header.weightSemantics, provenance: header.provenance, edges: list)
    }
}
