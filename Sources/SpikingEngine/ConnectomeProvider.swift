/// The neurons of a stored connectome, as a model needs them.
public struct ConnectomeNeurons: Sendable {
    public var names: [String]
    public var classes: [String]
    public var types: [String]
    public var transmitters: [String]

    public init(names: [String], classes: [String], types: [String], transmitters: [String]) {
        self.names = names
        self.classes = classes
        self.types = types
        self.transmitters = transmitters
    }
}

/// Neuron-to-neuron edges of one kind, as indices into ``ConnectomeNeurons``.
public struct ConnectomeEdges: Sendable {
    public var pre: [Int]
    public var post: [Int]
    /// The stored weight (synapse or section count).
    public var weight: [Double]

    public init(pre: [Int], post: [Int], weight: [Double]) {
        self.pre = pre
        self.post = post
        self.weight = weight
    }
}

/// Gives the engine connectomes without it knowing where they are stored (the CLI adapts the
/// HDF5 store to this; the engine never imports HDF5).
public protocol ConnectomeProvider {
    func neurons(of connectome: String) throws -> ConnectomeNeurons
    /// Edges between neurons; gap junctions once per pair.
    func edges(of connectome: String, kind: String) throws -> ConnectomeEdges
}
