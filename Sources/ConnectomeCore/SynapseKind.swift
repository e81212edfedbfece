/// The physical kind of a connection between two cells.
public enum SynapseKind: String, CaseIterable, Sendable, Codable, Comparable {
    /// A chemical synapse: directed, from the presynaptic (source) to the postsynaptic (target) cell.
    case chemical
    /// A gap junction: an undirected electrical coupling, stored once per pair of cells.
    case electrical

    /// Whether one stored edge stands for a coupling in both directions.
    public var isSymmetric: Bool { self == .electrical }

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}
