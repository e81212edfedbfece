/// The name of the edge population holding a connectome's edges of one kind between two node
/// populations: `CONNECTOME.KIND.SOURCE.TARGET` (docs/store-format.md). Every writer of stores
/// names populations through this, so readers can rely on the pattern.
public enum EdgePopulationName {
    public static func make(connectome: String, kind: SynapseKind, source: String, target: String) -> String {
        "\(connectome).\(kind.rawValue).\(source).\(target)"
    }
}
