import ConnectomeCore
import ConnectomeStore
import Foundation
import HDF5

/// Writes a connectome as a SONATA circuit (Dai et al. 2020, PLoS Comput Biol 16:e1007696):
/// `nodes.h5`, `edges.h5` and `circuit_config.json` in one directory.
///
/// Everything Plexus knows is kept so that ``SONATAImport`` restores the same store:
/// node names and attributes go in group `0` (categorical ones as codes plus `@library`),
/// weights in `0/syn_weight` with their stored type, and kind, symmetry and provenance as
/// `plexus_*` attributes, which other SONATA readers ignore.
public enum SONATAExport {
    /// Writes the three files into `directory` (created if needed); each file atomically.
    public static func write(_ connectome: Connectome, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try AtomicFile.write(to: directory + "/nodes.h5") { try writeNodes(connectome, to: $0) }
        try AtomicFile.write(to: directory + "/edges.h5") { try writeEdges(connectome, to: $0) }
        let config = """
        {
          "manifest": { "$BASE_DIR": "." },
          "networks": {
            "nodes": [ { "nodes_file": "$BASE_DIR/nodes.h5", "populations": { \(connectome.nodePopulations.map { "\"\($0.name)\": {}" }.joined(separator: ", ")) } } ],
            "edges": [ { "edges_file": "$BASE_DIR/edges.h5", "populations": { \(connectome.edgePopulations.map { "\"\($0.name)\": {}" }.joined(separator: ", ")) } } ]
          }
        }

        """
        try AtomicFile.write(to: directory + "/circuit_config.json") { try Data(config.utf8).write(to: URL(fileURLWithPath: $0)) }
    }

    static func writeRootAttributes(_ root: HDF5Group) throws {
        try root.setAttribute("magic", UInt32(0x0A7A))
        try root.setAttribute("version", values: [UInt32(0), UInt32(1)])
        try root.setAttribute("plexus_created_by", StoreFormat.creator)
    }

    static func writeNodes(_ connectome: Connectome, to path: String) throws {
        let file = try HDF5File.create(path)
        let root = try file.root()
        try writeRootAttributes(root)
        for population in connectome.nodePopulations {
            let group = try root.createGroup("nodes/\(population.name)")
            try group.setAttribute("plexus_species", population.species)
            try group.setAttribute("plexus_citation", population.provenance.citation)
            try group.setAttribute("plexus_license", population.provenance.license)
            let n = population.count
            try group.createDataset("node_type_id", values: [Int64](repeating: 0, count: n))
            try group.createDataset("node_group_id", values: [Int64](repeating: 0, count: n))
            try group.createDataset("node_group_index", values: (0..<n).map { Int64($0) })
            let attributes = try group.createGroup("0")
            try attributes.createStringDataset("name", values: try population.names())
            for attribute in try population.categoricalAttributeNames() {
                let values = try population.categorical(attribute)
                let library = Array(Set(values)).sorted()
                let code = Dictionary(uniqueKeysWithValues: library.enumerated().map { ($1, UInt32($0)) })
                try attributes.createDataset(attribute, values: values.map { code[$0]! })
                try attributes.groupCreatingIfNeeded("@library").createStringDataset(attribute, values: library)
            }
            for attribute in try population.numericAttributeNames() {
                try attributes.createDataset(attribute, values: try population.numeric(attribute))
            }
        }
    }

    static func writeEdges(_ connectome: Connectome, to path: String) throws {
        let file = try HDF5File.create(path)
        let root = try file.root()
        try writeRootAttributes(root)
        try root.setAttribute("plexus_connectome", connectome.name)
        try root.setAttribute("plexus_description", connectome.description)
        try root.setAttribute("plexus_citation", connectome.provenance.citation)
        try root.setAttribute("plexus_license", connectome.provenance.license)
        try root.setAttribute("plexus_weight_semantics", connectome.weightSemantics)
        let sources = try root.createGroup("plexus_sources")
        for (name, checksum) in connectome.sourceChecksums.sorted(by: { $0.key < $1.key }) { try sources.setAttribute(name, checksum) }
        _ = try root.createGroup("edges")
        for population in connectome.edgePopulations {
            let group = try root.createGroup("edges/\(population.name)")
            try group.setAttribute("plexus_kind", population.kind.rawValue)
            try group.setAttribute("plexus_symmetric", UInt8(population.isSymmetric ? 1 : 0))
            try group.setAttribute("plexus_weight_semantics", population.weightSemantics)
            try group.setAttribute("plexus_citation", population.provenance.citation)
            try group.setAttribute("plexus_license", population.provenance.license)
            let list = try population.edgeList()
            let e = list.count
            try group.createDataset("source_node_id", values: list.sources.map { UInt64($0) })
                .setAttribute("node_population", population.sourcePopulation)
            try group.createDataset("target_node_id", values: list.targets.map { UInt64($0) })
                .setAttribute("node_population", population.targetPopulation)
            try group.createDataset("edge_type_id", values: [Int64](repeating: 0, count: e))
            try group.createDataset("edge_group_id", values: [Int64](repeating: 0, count: e))
            try group.createDataset("edge_group_index", values: (0..<e).map { Int64($0) })
            let attributes = try group.createGroup("0")
            try writeWeights(of: population, list: list, into: attributes)
            let sourceCount = try connectome.store(population.sourcePopulation).count
            let targetCount = try connectome.store(population.targetPopulation).count
            try writeIndex(keys: list.sources, nodeCount: sourceCount, into: try group.createGroup("indices/source_to_target"))
            try writeIndex(keys: list.targets, nodeCount: targetCount, into: try group.createGroup("indices/target_to_source"))
        }
    }

    /// Keeps the stored weight type (integer counts stay integers).
    private static func writeWeights(of population: EdgePopulation, list: EdgeList, into group: HDF5Group) throws {
        switch try population.weightKind {
        case .signedInteger, .unsignedInteger:
            try group.createDataset("syn_weight", values: list.weights.map { Int32($0) })
        case .float(bytes: 4):
            try group.createDataset("syn_weight", values: list.weights.map { Float($0) })
        default:
            try group.createDataset("syn_weight", values: list.weights)
        }
    }

    /// SONATA's node → edge index: `node_id_to_ranges[n]` is a half-open range of rows of
    /// `range_to_edge_id`, each row a half-open range of edge ids. Consecutive edge ids of one
    /// node are merged into one range; a node without edges gets an empty range.
    static func writeIndex(keys: [UInt32], nodeCount: Int, into group: HDF5Group) throws {
        var edgesOfNode = [[Int]](repeating: [], count: nodeCount)
        for (edge, key) in keys.enumerated() { edgesOfNode[Int(key)].append(edge) }
        var nodeRanges: [UInt64] = []
        var edgeRanges: [UInt64] = []
        nodeRanges.reserveCapacity(2 * nodeCount)
        for edges in edgesOfNode {
            let first = UInt64(edgeRanges.count / 2)
            var k = 0
            while k < edges.count {
                var end = k + 1
                while end < edges.count && edges[end] == edges[end - 1] + 1 { end += 1 }
                edgeRanges += [UInt64(edges[k]), UInt64(edges[end - 1] + 1)]
                k = end
            }
            nodeRanges += [first, UInt64(edgeRanges.count / 2)]
        }
        try group.createDataset("node_id_to_ranges", values: nodeRanges, rows: nodeCount, columns: 2)
        try group.createDataset("range_to_edge_id", values: edgeRanges, rows: edgeRanges.count / 2, columns: 2)
    }
}
