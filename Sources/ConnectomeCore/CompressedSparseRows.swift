/// A compressed-sparse-row (CSR) index over edges sorted by source, then target.
///
/// Row `s` holds edges `indptr[s] ..< indptr[s + 1]`; their targets ascend. The
/// `reverse*` arrays form the transposed (CSC) view: column `t` lists, in ascending
/// source order, the edges that end at `t`.
public struct CompressedSparseRows: Sendable, Equatable {
    /// Row offsets, `sourceCount + 1` entries, starting at 0 and never decreasing.
    public var indptr: [UInt64]
    /// Target of each edge, ascending within a row.
    public var targets: [UInt32]
    /// Weight of each edge, in edge order.
    public var weights: [Double]
    /// Column offsets of the reverse view, `targetCount + 1` entries.
    public var reverseIndptr: [UInt64]
    /// Source of each edge in reverse (by target) order.
    public var reverseSources: [UInt32]
    /// Edge index (into `targets`/`weights`) of each entry of the reverse view.
    public var reverseEdges: [UInt64]

    /// Sorts `edges` into CSR order and builds the reverse view.
    ///
    /// - Complexity: O(E log E) for the sort, O(E + N) for the indices.
    /// - Precondition: every source is below `sourceCount` and every target below `targetCount`.
    public init(_ edges: EdgeList, sourceCount: Int, targetCount: Int) {
        let order = (0..<edges.count).sorted {
            (edges.sources[$0], edges.targets[$0]) < (edges.sources[$1], edges.targets[$1])
        }
        var indptr = [UInt64](repeating: 0, count: sourceCount + 1)
        for s in edges.sources {
            precondition(Int(s) < sourceCount, "source index out of range")
            indptr[Int(s) + 1] += 1
        }
        for i in 0..<sourceCount { indptr[i + 1] += indptr[i] }
        self.indptr = indptr
        self.targets = order.map { edges.targets[$0] }
        self.weights = order.map { edges.weights[$0] }

        // Counting sort by target is stable, so sources stay ascending within each column.
        var reverseIndptr = [UInt64](repeating: 0, count: targetCount + 1)
        for t in targets {
            precondition(Int(t) < targetCount, "target index out of range")
            reverseIndptr[Int(t) + 1] += 1
        }
        for i in 0..<targetCount { reverseIndptr[i + 1] += reverseIndptr[i] }
        var next = reverseIndptr
        var reverseSources = [UInt32](repeating: 0, count: targets.count)
        var reverseEdges = [UInt64](repeating: 0, count: targets.count)
        for source in 0..<sourceCount {
            for edge in Int(indptr[source])..<Int(indptr[source + 1]) {
                let t = Int(targets[edge])
                let slot = Int(next[t])
                reverseSources[slot] = UInt32(source)
                reverseEdges[slot] = UInt64(edge)
                next[t] += 1
            }
        }
        self.reverseIndptr = reverseIndptr
        self.reverseSources = reverseSources
        self.reverseEdges = reverseEdges
    }

    /// The number of edges.
    public var count: Int { targets.count }

    /// The source of every edge, in edge order (expands `indptr`).
    public var sources: [UInt32] {
        var result = [UInt32](repeating: 0, count: count)
        for s in 0..<(indptr.count - 1) {
            for edge in Int(indptr[s])..<Int(indptr[s + 1]) { result[edge] = UInt32(s) }
        }
        return result
    }
}
