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
    /// Column offsets of the reverse view, `targetCount + 1` entries (empty if not built).
    public var reverseIndptr: [UInt64]
    /// Source of each edge in reverse (by target) order.
    public var reverseSources: [UInt32]
    /// Edge index (into `targets`/`weights`) of each entry of the reverse view.
    public var reverseEdges: [UInt32]

    /// Sorts `edges` into CSR order and, if `reverse`, builds the reverse view.
    ///
    /// - Complexity: O(E + N) for the bucket pass by source plus O(d log d) per row of
    ///   degree d; no comparison sort over all E edges.
    /// - Precondition: every source is below `sourceCount` and every target below `targetCount`.
    public init(_ edges: EdgeList, sourceCount: Int, targetCount: Int, reverse: Bool = true) {
        let (indptr, order) = CompressedSparseRows.order(sources: edges.sources, targets: edges.targets, sourceCount: sourceCount)
        self.indptr = indptr
        self.targets = order.map { edges.targets[Int($0)] }
        self.weights = order.map { edges.weights[Int($0)] }
        self.reverseIndptr = []
        self.reverseSources = []
        self.reverseEdges = []
        if reverse { buildReverse(targetCount: targetCount) }
    }

    /// The permutation that puts edges in CSR order (by source, then target, then input
    /// position, so equal pairs stay adjacent and in input order), with the row offsets.
    public static func order(sources: [UInt32], targets: [UInt32], sourceCount: Int) -> (indptr: [UInt64], order: [UInt32]) {
        precondition(sources.count == targets.count)
        precondition(sources.count <= Int(UInt32.max), "more than 2^32 edges in one population")
        var indptr = [UInt64](repeating: 0, count: sourceCount + 1)
        for s in sources {
            precondition(Int(s) < sourceCount, "source index out of range")
            indptr[Int(s) + 1] &+= 1
        }
        for i in 0..<sourceCount { indptr[i + 1] &+= indptr[i] }
        var next = indptr
        var order = [UInt32](repeating: 0, count: sources.count)
        for (edge, s) in sources.enumerated() {
            order[Int(next[Int(s)])] = UInt32(edge)
            next[Int(s)] &+= 1
        }
        // Rows are short (a neuron's fan-out): sort each by (target, input position), as packed
        // 64-bit keys so the sort compares plain integers (a comparison closure that indexes
        // `targets` made this the slowest step of a 10^7-edge import).
        var keys: [UInt64] = []
        targets.withUnsafeBufferPointer { targets in
            order.withUnsafeMutableBufferPointer { buffer in
                for s in 0..<sourceCount {
                    let lower = Int(indptr[s]), upper = Int(indptr[s + 1])
                    guard upper - lower > 1 else { continue }
                    var sortedRow = true
                    for k in (lower + 1)..<upper where targets[Int(buffer[k - 1])] > targets[Int(buffer[k])] {
                        sortedRow = false
                        break
                    }
                    if sortedRow { continue }  // input positions already ascend within a bucket
                    keys.removeAll(keepingCapacity: true)
                    for k in lower..<upper { keys.append(UInt64(targets[Int(buffer[k])]) << 32 | UInt64(buffer[k])) }
                    keys.sort()
                    for (k, key) in keys.enumerated() { buffer[lower + k] = UInt32(truncatingIfNeeded: key) }
                }
            }
        }
        return (indptr, order)
    }

    private mutating func buildReverse(targetCount: Int) {
        // Counting sort by target is stable, so sources stay ascending within each column.
        var reverseIndptr = [UInt64](repeating: 0, count: targetCount + 1)
        for t in targets {
            precondition(Int(t) < targetCount, "target index out of range")
            reverseIndptr[Int(t) + 1] &+= 1
        }
        for i in 0..<targetCount { reverseIndptr[i + 1] &+= reverseIndptr[i] }
        var next = reverseIndptr
        var reverseSources = [UInt32](repeating: 0, count: targets.count)
        var reverseEdges = [UInt32](repeating: 0, count: targets.count)
        for source in 0..<(indptr.count - 1) {
            for edge in Int(indptr[source])..<Int(indptr[source + 1]) {
                let t = Int(targets[edge])
                let slot = Int(next[t])
                reverseSources[slot] = UInt32(source)
                reverseEdges[slot] = UInt32(edge)
                next[t] &+= 1
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

    /// The first repeated (source, target) pair, as CSR edge indices of its two copies, or nil.
    public var firstDuplicate: (Int, Int)? {
        for s in 0..<(indptr.count - 1) {
            let lower = Int(indptr[s]), upper = Int(indptr[s + 1])
            guard upper - lower > 1 else { continue }
            for edge in (lower + 1)..<upper where targets[edge] == targets[edge - 1] { return (edge - 1, edge) }
        }
        return nil
    }
}
