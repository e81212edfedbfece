import ConnectomeCore
import HDF5

/// One stored edge seen from one of its endpoints.
public struct IncidentEdge: Sendable, Equatable {
    /// Index of the node at the other end, in the other endpoint's population.
    public var node: Int
    /// The edge's index in the population (its position in CSR order).
    public var edge: Int
    public var weight: Double
}

/// An edge population in a store: CSR by source, with an optional reverse (CSC) index.
/// Per-node queries read only the slices of `indptr`, `target` and the attributes they need.
public final class EdgePopulation: @unchecked Sendable {
    public let name: String
    public let sourcePopulation: String
    public let targetPopulation: String
    public let kind: SynapseKind
    /// True when each stored edge stands for a coupling in both directions (gap junctions).
    public let isSymmetric: Bool
    public let weightSemantics: String
    public let provenance: Provenance
    /// The number of stored edges (once per pair for symmetric populations).
    public let count: Int
    let group: HDF5Group
    let store: StoreFile

    init(group: HDF5Group, name: String, store: StoreFile) throws {
        self.group = group
        self.name = name
        self.store = store
        let attributes = try PopulationAttributes(reading: group, file: store.path)
        sourcePopulation = attributes.sourcePopulation
        targetPopulation = attributes.targetPopulation
        kind = attributes.kind
        isSymmetric = group.hasAttribute("symmetric") ? try group.attribute("symmetric", as: UInt8.self) != 0 : false
        weightSemantics = attributes.weightSemantics
        provenance = attributes.provenance
        guard group.exists("target") else {
            throw StoreError.invariant(file: store.path, dataset: group.path + "/target", problem: "dataset is missing")
        }
        count = try group.dataset("target").count
    }

    /// Whether the reverse (by target) index is stored.
    public var hasReverseIndex: Bool { group.exists("reverse/indptr") }

    /// Edges leaving source node `index`, ascending by target.
    /// - Complexity: reads 2 `indptr` entries and the row's slice of `target` and `weight`.
    public func outgoing(from index: Int) throws -> [IncidentEdge] {
        let bounds = try group.dataset("indptr").read(as: UInt64.self, range: index..<(index + 2))
        let range = Int(bounds[0])..<Int(bounds[1])
        let targets = try group.dataset("target").read(as: UInt32.self, range: range)
        let weights = try group.dataset("attributes/weight").read(as: Double.self, range: range)
        return zip(range, zip(targets, weights)).map { IncidentEdge(node: Int($1.0), edge: $0, weight: $1.1) }
    }

    /// Edges arriving at target node `index`, ascending by source.
    /// - Complexity: reads 2 `reverse/indptr` entries, the column's slice of `reverse/source`
    ///   and `reverse/edge`, and the weights of those edges by point selection.
    public func incoming(to index: Int) throws -> [IncidentEdge] {
        guard hasReverseIndex else { return try incomingByScan(to: index) }
        let bounds = try group.dataset("reverse/indptr").read(as: UInt64.self, range: index..<(index + 2))
        let range = Int(bounds[0])..<Int(bounds[1])
        let sources = try group.dataset("reverse/source").read(as: UInt32.self, range: range)
        let edges = try group.dataset("reverse/edge").read(as: UInt32.self, range: range).map { Int($0) }
        let weights = try group.dataset("attributes/weight").read(as: Double.self, at: edges)
        return (0..<sources.count).map { IncidentEdge(node: Int(sources[$0]), edge: edges[$0], weight: weights[$0]) }
    }

    /// Fan-in without a reverse index: one pass over all edges.
    private func incomingByScan(to index: Int) throws -> [IncidentEdge] {
        let list = try edgeList()
        return (0..<list.count).filter { Int(list.targets[$0]) == index }
            .map { IncidentEdge(node: Int(list.sources[$0]), edge: $0, weight: list.weights[$0]) }
    }

    /// All edges in CSR order.
    public func edgeList() throws -> EdgeList {
        let indptr = try group.dataset("indptr").read(as: UInt64.self)
        var sources = [UInt32](repeating: 0, count: count)
        for s in 0..<(indptr.count - 1) {
            for edge in Int(indptr[s])..<Int(indptr[s + 1]) { sources[edge] = UInt32(s) }
        }
        return EdgeList(sources: sources,
                        targets: try group.dataset("target").read(as: UInt32.self),
                        weights: try group.dataset("attributes/weight").read(as: Double.self))
    }

    /// One block of consecutive whole rows, as read by ``forEachRowBlock(maxEdges:_:)``.
    public struct RowBlock {
        /// The sources whose rows the block holds.
        public var sources: Range<Int>
        /// Edge index of the block's first edge.
        public var firstEdge: Int
        /// Row offsets of `sources` and the end of the last row (absolute edge indices).
        public var indptr: ArraySlice<UInt64>
        public var targets: [UInt32]
        public var weights: [Double]
        /// Per-edge delays [ms], when asked for and stored.
        public var delays: [Float]?

        /// Positions in `targets`/`weights` of the row of `source`.
        public func row(_ source: Int) -> Range<Int> {
            (Int(indptr[source]) - firstEdge)..<(Int(indptr[source + 1]) - firstEdge)
        }
    }

    /// Calls `body` with consecutive blocks of whole rows holding about `maxEdges` edges each
    /// (more only when one row is longer), so a pass over every edge needs memory for one
    /// block plus `indptr`, not for the population. Blocks for which `skip` returns true
    /// (given their sources) are not read.
    public func forEachRowBlock(maxEdges: Int = 1 << 22, delays: Bool = false, skip: ((Range<Int>) -> Bool)? = nil,
                                _ body: (RowBlock) throws -> Void) throws {
        let indptr = try group.dataset("indptr").read(as: UInt64.self)
        let targetSet = try group.dataset("target"), weightSet = try group.dataset("attributes/weight")
        let delaySet = delays && group.exists("attributes/delay") ? try group.dataset("attributes/delay") : nil
        let sourceCount = indptr.count - 1
        var first = 0
        while first < sourceCount {
            var last = first + 1
            while last < sourceCount && indptr[last + 1] - indptr[first] <= UInt64(maxEdges) { last += 1 }
            defer { first = last }
            if let skip, skip(first..<last) { continue }
            let range = Int(indptr[first])..<Int(indptr[last])
            try body(RowBlock(sources: first..<last, firstEdge: range.lowerBound, indptr: indptr[first...last],
                              targets: try targetSet.read(as: UInt32.self, range: range),
                              weights: try weightSet.read(as: Double.self, range: range),
                              delays: try delaySet?.read(as: Float.self, range: range)))
        }
    }

    /// Row offsets (`indptr`, N_source + 1 entries).
    public func rowOffsets() throws -> [UInt64] {
        try group.dataset("indptr").read(as: UInt64.self)
    }

    /// Targets, weights and (when stored and asked for) delays of the edges in `range`, with
    /// the compressed chunks decoded on `threads` threads (``HDF5Dataset/readParallel``).
    public func readEdges(_ range: Range<Int>, threads: Int, delays: Bool = false)
        throws -> (targets: [UInt32], weights: [Double], delays: [Float]?) {
        let targets = try group.dataset("target").readParallel(as: UInt32.self, range: range, threads: threads)
        let weightSet = try group.dataset("attributes/weight")
        let weights: [Double]
        switch weightSet.elementKind {
        case .signedInteger(bytes: 4): weights = try weightSet.readParallel(as: Int32.self, range: range, threads: threads).map(Double.init)
        case .float(bytes: 4): weights = try weightSet.readParallel(as: Float.self, range: range, threads: threads).map(Double.init)
        default: weights = try weightSet.readParallel(as: Double.self, range: range, threads: threads)
        }
        let delaySet = delays && group.exists("attributes/delay") ? try group.dataset("attributes/delay") : nil
        return (targets, weights, try delaySet?.readParallel(as: Float.self, range: range, threads: threads))
    }

    /// Whether per-edge delays are stored.
    public var hasDelays: Bool { group.exists("attributes/delay") }

    /// Number of stored edges leaving each source node.
    public func outDegrees() throws -> [Int] {
        let indptr = try group.dataset("indptr").read(as: UInt64.self)
        return (0..<(indptr.count - 1)).map { Int(indptr[$0 + 1] - indptr[$0]) }
    }

    /// Number of stored edges arriving at each target node.
    public func inDegrees() throws -> [Int] {
        if hasReverseIndex {
            let indptr = try group.dataset("reverse/indptr").read(as: UInt64.self)
            return (0..<(indptr.count - 1)).map { Int(indptr[$0 + 1] - indptr[$0]) }
        }
        // Without the reverse index: one pass over `target` in blocks, so memory stays at one
        // block whatever the number of edges.
        let targetCount = try store.nodePopulation(targetPopulation).count
        var degrees = [Int](repeating: 0, count: targetCount)
        let targets = try group.dataset("target")
        var start = 0
        while start < count {
            let end = min(count, start + (1 << 22))
            for t in try targets.read(as: UInt32.self, range: start..<end) {
                guard Int(t) < targetCount else {
                    throw StoreError.invariant(file: store.path, dataset: targets.path, problem: "target index \(t) ≥ \(targetCount) nodes")
                }
                degrees[Int(t)] += 1
            }
            start = end
        }
        return degrees
    }

    /// Names of the per-edge attributes (`weight`, and e.g. `delay`).
    public var attributeNames: [String] {
        get throws { try group.group("attributes").childNames().sorted() }
    }

    /// Per-edge attribute `name` (e.g. `delay` in ms) for the edges in `range` (all by default),
    /// converted to double.
    public func attribute(_ name: String, range: Range<Int>? = nil) throws -> [Double] {
        let path = "attributes/\(name)"
        guard group.exists(path) else {
            throw StoreError.invariant(file: store.path, dataset: group.path + "/" + path,
                                       problem: "edge population \(self.name) has no attribute \(name) (it has \((try? attributeNames.joined(separator: ", ")) ?? "none"))")
        }
        let dataset = try group.dataset(path)
        return try range.map { try dataset.read(as: Double.self, range: $0) } ?? dataset.read(as: Double.self)
    }

    /// The stored element type of the weights (integer counts or floats).
    public var weightKind: HDF5ElementKind {
        get throws { try group.dataset("attributes/weight").elementKind }
    }

    /// The population as contents that can be written into another store.
    public func contents() throws -> EdgePopulationContents {
        EdgePopulationContents(name: name, sourcePopulation: sourcePopulation, targetPopulation: targetPopulation,
                               kind: kind, weightSemantics: weightSemantics, provenance: provenance, edges: try edgeList(),
                               includeReverseIndex: hasReverseIndex)
    }
}
