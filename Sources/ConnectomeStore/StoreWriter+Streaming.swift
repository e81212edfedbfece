import ConnectomeCore
import HDF5

/// A store being written whose edge populations arrive as streams of rows.
public final class StreamingStore {
    let root: HDF5Group
    let nodeCounts: [String: Int]
    /// The edge populations started so far, in order.
    public private(set) var writers: [EdgePopulationStreamWriter] = []
    private(set) var pendingConnectomes: [ConnectomeContents] = []

    init(root: HDF5Group, nodeCounts: [String: Int]) {
        self.root = root
        self.nodeCounts = nodeCounts
    }

    /// Starts an edge population between node populations written with this store.
    public func addEdgePopulation(_ population: StreamedEdgePopulation) throws -> EdgePopulationStreamWriter {
        let what = "edge population \(population.name)"
        guard StoreFormat.isValidName(population.name) else { throw StoreError.invalidName(kind: "edge population", name: population.name) }
        guard !writers.contains(where: { $0.population.name == population.name }) else {
            throw StoreError.invalidContents(what: what, problem: "given twice")
        }
        for (role, name, count) in [("source", population.sourcePopulation, population.sourceCount),
                                    ("target", population.targetPopulation, population.targetCount)] {
            guard let stored = nodeCounts[name] else {
                throw StoreError.invalidContents(what: what, problem: "\(role) population \(name) does not exist")
            }
            guard stored == count else {
                throw StoreError.invalidContents(what: what, problem: "\(role) population \(name) has \(stored) nodes, not \(count)")
            }
        }
        let writer = try EdgePopulationStreamWriter(population, in: try root.groupCreatingIfNeeded("edges"))
        writers.append(writer)
        return writer
    }
}

extension StreamingStore {
    /// Adds a connectome record, written when the edges are done: for producers that learn
    /// which edge populations exist only while streaming.
    public func addConnectome(_ connectome: ConnectomeContents) throws {
        guard StoreFormat.isValidName(connectome.name) else { throw StoreError.invalidName(kind: "connectome", name: connectome.name) }
        for name in connectome.nodePopulations where nodeCounts[name] == nil {
            throw StoreError.invalidContents(what: "connectome \(connectome.name)", problem: "node population \(name) does not exist")
        }
        pendingConnectomes.append(connectome)
    }
}

extension StoreWriter {
    /// Writes a new store at `path` whose edge populations are produced row by row by `edges`
    /// (see ``EdgePopulationStreamWriter``), so no edge list is ever held whole. Node
    /// populations and connectomes are written as by ``write(nodes:edges:connectomes:to:)``.
    /// Everything goes to a temporary file renamed into place at the end: an error (invalid
    /// row, full disk, an error thrown by `edges`) leaves no partial store behind.
    public static func writeStreaming(nodes: [NodePopulationContents], connectomes: [ConnectomeContents], to path: String,
                                      edges: (StreamingStore) throws -> Void) throws {
        try checkConsistency(nodes: nodes, edges: [], connectomes: connectomes, existingNodes: [:])
        try AtomicFile.write(to: path) { temporary in
            let (file, root) = try createStore(at: temporary)
            for population in nodes {
                try writeNodePopulation(population, into: try root.groupCreatingIfNeeded("nodes"))
            }
            let store = StreamingStore(root: root, nodeCounts: Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.table.count) }))
            try edges(store)
            for writer in store.writers { try writer.finish() }
            let written = Set(store.writers.map(\.population.name))
            for connectome in connectomes + store.pendingConnectomes {
                for name in connectome.edgePopulations where !written.contains(name) {
                    throw StoreError.invalidContents(what: "connectome \(connectome.name)", problem: "edge population \(name) was not written")
                }
                try writeConnectome(connectome, into: try root.groupCreatingIfNeeded("connectomes"))
            }
            try file.flush()
        }
    }
}
