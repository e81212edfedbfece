import SpikingEngine
import ConnectomeCore

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
    /// Stored per-edge delays [ms], when the store has them.
    public var delay: [Double]?

    public init(pre: [Int], post: [Int], weight: [Double], delay: [Double]? = nil) {
        self.pre = pre
        self.post = post
        self.weight = weight
        self.delay = delay
    }
}

/// Gives the engine connectomes without it knowing where they are stored (the CLI adapts the
/// HDF5 store to this; the engine never imports HDF5).
public protocol ConnectomeProvider {
    func neurons(of connectome: String) throws -> ConnectomeNeurons
    /// Edges between neurons; gap junctions once per pair.
    func edges(of connectome: String, kind: SynapseKind) throws -> ConnectomeEdges
    /// Chemical edges between neurons, row by row (see ``ConnectomeRowReader``); rows carry
    /// the stored delays only when `delays` is true (reading them costs a dataset per block).
    func rowReader(of connectome: String, kind: SynapseKind, delays: Bool) throws -> ConnectomeRowReader
}

/// One source's stored edges: targets ascending, with their weights and, when the store has
/// them, delays [ms].
public struct ConnectomeRow: Sendable {
    public var targets: ArraySlice<UInt32>
    public var weights: ArraySlice<Double>
    public var delays: ArraySlice<Float>?

    public init(targets: ArraySlice<UInt32>, weights: ArraySlice<Double>, delays: ArraySlice<Float>? = nil) {
        self.targets = targets
        self.weights = weights
        self.delays = delays
    }
}

/// A connectome's chemical edges between neurons, read row by row in ascending source order,
/// so a network is lowered without ever holding the stored edge list (a store reader keeps
/// one block of rows in memory).
public protocol ConnectomeRowReader: AnyObject {
    /// Number of stored edges.
    var edgeCount: Int { get }
    /// Whether the store holds a delay per edge.
    var hasDelays: Bool { get }
    /// Number of edges leaving `source` (cheap: no edge is read).
    func rowLength(_ source: Int) -> Int
    /// The edges of `source`. Fast when sources are asked for in ascending order.
    func row(_ source: Int) throws -> ConnectomeRow
}

/// Rows held in memory, built from ``ConnectomeProvider/edges(of:kind:)`` (sorted by source,
/// keeping the given order within a source).
final class InMemoryRowReader: ConnectomeRowReader {
    private let offsets: [Int]
    private let targets: [UInt32]
    private let weights: [Double]
    private let delays: [Float]?

    init(_ edges: ConnectomeEdges, sourceCount: Int) {
        var offsets = [Int](repeating: 0, count: sourceCount + 1)
        for s in edges.pre { offsets[s + 1] += 1 }
        for i in 0..<sourceCount { offsets[i + 1] += offsets[i] }
        var next = offsets
        var targets = [UInt32](repeating: 0, count: edges.pre.count), weights = [Double](repeating: 0, count: edges.pre.count)
        var delays = edges.delay.map { _ in [Float](repeating: 0, count: edges.pre.count) }
        for k in edges.pre.indices {
            let slot = next[edges.pre[k]]
            targets[slot] = UInt32(edges.post[k])
            weights[slot] = edges.weight[k]
            if let delay = edges.delay { delays![slot] = Float(delay[k]) }
            next[edges.pre[k]] += 1
        }
        self.offsets = offsets
        self.targets = targets
        self.weights = weights
        self.delays = delays
    }

    var edgeCount: Int { targets.count }
    var hasDelays: Bool { delays != nil }
    func rowLength(_ source: Int) -> Int { offsets[source + 1] - offsets[source] }
    func row(_ source: Int) -> ConnectomeRow {
        let range = offsets[source]..<offsets[source + 1]
        return ConnectomeRow(targets: targets[range], weights: weights[range], delays: delays?[range])
    }
}

extension ConnectomeProvider {
    public func rowReader(of connectome: String, kind: SynapseKind, delays: Bool) throws -> ConnectomeRowReader {
        try inMemoryRowReader(of: connectome, kind: kind)
    }

    /// Chemical edges between neurons as a row reader; providers backed by a store override
    /// ``ConnectomeProvider/rowReader(of:kind:delays:)`` to stream them.
    public func inMemoryRowReader(of connectome: String, kind: SynapseKind) throws -> ConnectomeRowReader {
        InMemoryRowReader(try edges(of: connectome, kind: kind), sourceCount: try neurons(of: connectome).names.count)
    }
}
