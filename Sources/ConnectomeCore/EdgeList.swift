/// Edges between two node populations as plain parallel arrays (struct of arrays):
/// the in-memory form edges take on their way into and out of a store.
public struct EdgeList: Sendable, Equatable {
    /// Index of each edge's source node in the source population.
    public var sources: [UInt32]
    /// Index of each edge's target node in the target population.
    public var targets: [UInt32]
    /// Each edge's weight, in the units the population's `weightSemantics` names.
    public var weights: [Double]

    public init(sources: [UInt32] = [], targets: [UInt32] = [], weights: [Double] = []) {
        precondition(sources.count == targets.count && targets.count == weights.count, "edge arrays must have equal lengths")
        self.sources = sources
        self.targets = targets
        self.weights = weights
    }

    /// The number of edges.
    public var count: Int { sources.count }

    /// Appends one edge.
    public mutating func append(source: UInt32, target: UInt32, weight: Double) {
        sources.append(source)
        targets.append(target)
        weights.append(weight)
    }

    /// Whether every weight is a whole number that fits a 32-bit signed integer, so it can be
    /// stored as an integer dataset (which compresses to about half the size of floats).
    public var weightsAreIntegral: Bool {
        weights.allSatisfy { $0 == $0.rounded() && abs($0) <= Double(Int32.max) }
    }
}
