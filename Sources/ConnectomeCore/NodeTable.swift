/// The cells of one node population with their per-cell attributes, in memory.
///
/// Categorical attributes (class, type, transmitter …) hold one string per node, with ""
/// for "not known"; numeric attributes (x, y, z in µm …) hold NaN for "not known".
public struct NodeTable: Sendable, Equatable {
    /// Unique cell names; a node's index in the population is its position here.
    public var names: [String]
    /// Attribute name → one string per node.
    public var categorical: [String: [String]]
    /// Attribute name → one number per node.
    public var numeric: [String: [Double]]

    public init(names: [String], categorical: [String: [String]] = [:], numeric: [String: [Double]] = [:]) {
        self.names = names
        self.categorical = categorical
        self.numeric = numeric
    }

    /// The number of nodes.
    public var count: Int { names.count }

    /// Name → index, for resolving edge endpoints.
    public func indexByName() -> [String: UInt32] {
        var map: [String: UInt32] = [:]
        map.reserveCapacity(names.count)
        for (index, name) in names.enumerated() { map[name] = UInt32(index) }
        return map
    }

    /// Numeric attributes equal when both are NaN at the same place (NaN marks "missing").
    public static func == (a: NodeTable, b: NodeTable) -> Bool {
        guard a.names == b.names, a.categorical == b.categorical,
              Set(a.numeric.keys) == Set(b.numeric.keys) else { return false }
        for (key, values) in a.numeric {
            let other = b.numeric[key]!
            guard values.count == other.count else { return false }
            for (x, y) in zip(values, other) where !(x == y || (x.isNaN && y.isNaN)) { return false }
        }
        return true
    }
}
