import ConnectomeCore

/// Resolves cell names to (population, index) across the node populations of one connectome.
public struct NodeDirectory: Sendable {
    /// The populations in the order given; population `i` is referred to by index `i`.
    public let populations: [(name: String, table: NodeTable)]
    /// The same mapping keyed by bytes: value = population << 32 | index.
    private var byteLookup: ByteNameIndex

    /// Fails if a name appears in two populations, since edges name cells without a population.
    public init(_ populations: [(name: String, table: NodeTable)]) throws {
        self.populations = populations
        var byteLookup = ByteNameIndex(capacity: populations.reduce(0) { $0 + $1.table.count })
        for (p, population) in populations.enumerated() {
            for (i, name) in population.table.names.enumerated() {
                guard byteLookup.insert(name, p << 32 | i) else {
                    let other = byteLookup.value(for: name)! >> 32
                    throw ImportError(file: population.name, "cell \(name) is in both populations \(populations[other].name) and \(population.name); a name must belong to one population")
                }
            }
        }
        self.byteLookup = byteLookup
    }

    /// A directory whose lookup table shares no buffer with this one, for use on another thread.
    public func independentCopy() -> NodeDirectory {
        var copy = self
        copy.byteLookup = byteLookup.independentCopy()
        return copy
    }

    /// The population and index of the cell whose UTF-8 name is `bytes` (no `String` made).
    public func resolve(bytes: UnsafeBufferPointer<UInt8>) -> (population: Int, index: UInt32)? {
        guard let value = byteLookup.value(for: bytes) else { return nil }
        return (value >> 32, UInt32(truncatingIfNeeded: value))
    }

    /// The population and index of the cell called `name`.
    public func resolve(_ name: String) -> (population: Int, index: UInt32)? {
        guard let value = byteLookup.value(for: name) else { return nil }
        return (value >> 32, UInt32(truncatingIfNeeded: value))
    }

    /// Every name, for suggestions.
    public var allNames: [String] { populations.flatMap { $0.table.names } }
}
