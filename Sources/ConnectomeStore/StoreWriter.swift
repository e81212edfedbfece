import ConnectomeCore
import Foundation
import HDF5

/// Writes node populations, edge populations and connectomes into a store, always through a
/// temporary file that replaces the destination only when everything has been written.
public enum StoreWriter {

    /// Writes a new store at `path` holding exactly the given contents (replacing any file there).
    public static func write(nodes: [NodePopulationContents], edges: [EdgePopulationContents],
                             connectomes: [ConnectomeContents], to path: String) throws {
        try checkConsistency(nodes: nodes, edges: edges, connectomes: connectomes, existingNodes: [:])
        try AtomicFile.write(to: path) { temporary in
            let (file, root) = try createStore(at: temporary)
            try writeAll(nodes: nodes, edges: edges, connectomes: connectomes, into: root)
            // Flushing here, not in the implicit close, lets a full disk fail the write
            // before the temporary file is renamed into place.
            try file.flush()
        }
    }

    /// A new, empty store file at `path` with the root attributes, and its root group.
    static func createStore(at path: String) throws -> (HDF5File, HDF5Group) {
        let file = try HDF5File.create(path)
        let root = try file.root()
        try root.setAttribute("format", StoreFormat.name)
        try root.setAttribute("format_version", StoreFormat.version)
        try root.setAttribute("created_by", StoreFormat.creator)
        return (file, root)
    }

    /// Adds populations and connectomes to the existing store at `path`. The original file
    /// is untouched until the new version is complete. Node populations already in the
    /// store may be referenced by name without being passed again.
    public static func add(nodes: [NodePopulationContents], edges: [EdgePopulationContents],
                           connectomes: [ConnectomeContents], to path: String) throws {
        let store = try StoreFile.open(path)
        var existingNodes: [String: Int] = [:]
        for name in store.nodePopulationNames { existingNodes[name] = try store.nodePopulation(name).count }
        for node in nodes where existingNodes[node.name] != nil {
            throw StoreError.alreadyExists(file: path, what: "node population \(node.name)")
        }
        for edge in edges where store.edgePopulationNames.contains(edge.name) {
            throw StoreError.alreadyExists(file: path, what: "edge population \(edge.name)")
        }
        for connectome in connectomes where store.connectomeNames.contains(connectome.name) {
            throw StoreError.alreadyExists(file: path, what: "connectome \(connectome.name)")
        }
        try checkConsistency(nodes: nodes, edges: edges, connectomes: connectomes, existingNodes: existingNodes)
        try AtomicFile.write(to: path, startingFrom: path) { temporary in
            let file = try HDF5File.open(temporary, writable: true)
            try writeAll(nodes: nodes, edges: edges, connectomes: connectomes, into: try file.root())
            try file.flush()
        }
    }

    private static func writeAll(nodes: [NodePopulationContents], edges: [EdgePopulationContents],
                                 connectomes: [ConnectomeContents], into root: HDF5Group) throws {
        let nodeCounts = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.table.count) })
        for population in nodes {
            try writeNodePopulation(population, into: try root.groupCreatingIfNeeded("nodes"))
        }
        for population in edges {
            func nodeCount(_ name: String) throws -> Int {
                if let count = nodeCounts[name] { return count }
                return Int(try root.group("nodes/\(name)").attribute("n_nodes", as: UInt64.self))
            }
            try writeEdgePopulation(population, sourceCount: try nodeCount(population.sourcePopulation),
                                    targetCount: try nodeCount(population.targetPopulation),
                                    into: try root.groupCreatingIfNeeded("edges"))
        }
        for connectome in connectomes {
            try writeConnectome(connectome, into: try root.groupCreatingIfNeeded("connectomes"))
        }
    }

    // MARK: Nodes

    static func writeNodePopulation(_ population: NodePopulationContents, into parent: HDF5Group) throws {
        let group = try parent.createGroup(population.name)
        let table = population.table
        try group.setAttribute("n_nodes", UInt64(table.count))
        try group.setAttribute("species", population.species)
        try group.setAttribute("citation", population.provenance.citation)
        try group.setAttribute("license", population.provenance.license)
        try group.createStringDataset("name", values: table.names)
        let attributes = try group.createGroup("attributes")
        for key in table.categorical.keys.sorted() {
            let values = table.categorical[key]!
            let library = Array(Set(values)).sorted()
            let code = Dictionary(uniqueKeysWithValues: library.enumerated().map { ($1, $0) })
            let codes = values.map { code[$0]! }
            if library.count <= Int(UInt16.max) {
                try attributes.createDataset(key, values: codes.map { UInt16($0) })
            } else {
                try attributes.createDataset(key, values: codes.map { UInt32($0) })
            }
            try group.groupCreatingIfNeeded("@library").createStringDataset(key, values: library)
        }
        for key in table.numeric.keys.sorted() {
            try attributes.createDataset(key, values: table.numeric[key]!)
        }
    }

    // MARK: Edges

    static func writeEdgePopulation(_ population: EdgePopulationContents, sourceCount: Int, targetCount: Int,
                                    into parent: HDF5Group) throws {
        let csr = CompressedSparseRows(population.edges, sourceCount: sourceCount, targetCount: targetCount,
                                       reverse: population.includeReverseIndex)
        if let (first, _) = csr.firstDuplicate {
            let source = csr.indptr.lastIndex { $0 <= UInt64(first) }!
            throw StoreError.invalidContents(what: "edge population \(population.name)",
                                             problem: "edge \(source)→\(csr.targets[first]) appears twice")
        }
        let group = try parent.createGroup(population.name)
        try PopulationAttributes(sourcePopulation: population.sourcePopulation, targetPopulation: population.targetPopulation,
                                 kind: population.kind, weightSemantics: population.weightSemantics,
                                 provenance: population.provenance).write(to: group)
        try group.setAttribute("n_edges", UInt64(csr.count))
        try group.createDataset("indptr", values: csr.indptr)
        try group.createDataset("target", values: csr.targets)
        let attributes = try group.createGroup("attributes")
        try writeWeights(csr.weights, into: attributes)
        guard population.includeReverseIndex else { return }
        let reverse = try group.createGroup("reverse")
        try reverse.createDataset("indptr", values: csr.reverseIndptr)
        try reverse.createDataset("source", values: csr.reverseSources)
        try reverse.createDataset("edge", values: csr.reverseEdges)
    }

    /// Integer weights (synapse or section counts) are stored as int32, which compresses to
    /// about half of float; other weights as float32 when that is exact, else float64.
    static func writeWeights(_ weights: [Double], into group: HDF5Group) throws {
        if weights.allSatisfy({ $0 == $0.rounded() && abs($0) <= Double(Int32.max) }) {
            try group.createDataset("weight", values: weights.map { Int32($0) })
        } else if weights.allSatisfy({ Double(Float($0)) == $0 }) {
            try group.createDataset("weight", values: weights.map { Float($0) })
        } else {
            try group.createDataset("weight", values: weights)
        }
    }

    // MARK: Connectomes

    static func writeConnectome(_ connectome: ConnectomeContents, into parent: HDF5Group) throws {
        let group = try parent.createGroup(connectome.name)
        try group.setAttribute("description", connectome.description)
        try group.setAttribute("citation", connectome.provenance.citation)
        try group.setAttribute("license", connectome.provenance.license)
        try group.setAttribute("weight_semantics", connectome.weightSemantics)
        try group.setAttribute("created_by", StoreFormat.creator)
        let sources = try group.createGroup("sources")
        for (file, checksum) in connectome.sourceChecksums.sorted(by: { $0.key < $1.key }) {
            try sources.setAttribute(file, checksum)
        }
        let nodes = try group.createGroup("nodes")
        for name in connectome.nodePopulations.sorted() { try nodes.createSoftLink(name, to: "/nodes/\(name)") }
        let edges = try group.createGroup("edges")
        for name in connectome.edgePopulations.sorted() { try edges.createSoftLink(name, to: "/edges/\(name)") }
    }
}
