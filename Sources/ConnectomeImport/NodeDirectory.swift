import ConnectomeCore

/// Resolves cell names to (population, index) across the node populations of one connectome.
public struct NodeDirectory: Sendable {
    /// The populations in the order given; population `i` is referred to by index `i`.
    public let populations: [(name: String, table: NodeTable)]
    private let lookup: [String: (population: Int, index: UInt32)]

    /// Fails if a name appears in two populations, since edges name cells without a population.
    public init(_ populations: [(name: String, table: NodeTable)]) throws {
        self.populations = populations
        var lookup: [String: (Int, UInt32)] = [:]
        for (p, population) in populations.enumerated() {
            for (i, name) in population.table.names.enumerated() {
                if let other = lookup[name] {
                    throw ImportError(file: population.name, "cell \(name) is in both populations \(populations[other.0].name) and \(population.name); a name must belong to one population")
                }
                lookup[name] = (p, UInt32(i))
            }
        }
        self.lookup = lookup
    }

    /// The population and index of the cell called `name`.
    public func resolve(_ name: String) -> (population: Int, index: UInt32)? { lookup[name] }

    /// Every name, for suggestions.
    public var allNames: [String] { populations.flatMap { $0.table.names } }
}
