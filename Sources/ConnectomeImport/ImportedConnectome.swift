import ConnectomeCore
import ConnectomeStore
import Foundation

/// What every in-memory importer (CSV, SONATA) returns: the store contents of one connectome —
/// its new node populations, its edge populations and the connectome record — and the one
/// place that writes them into a store. (The streamed importers write while they sort, so
/// they go through `StoreWriter.writeStreaming` instead.)
public struct ImportedConnectome: Sendable {
    public var nodes: [NodePopulationContents]
    public var edges: [EdgePopulationContents]
    public var connectome: ConnectomeContents

    public init(nodes: [NodePopulationContents], edges: [EdgePopulationContents], connectome: ConnectomeContents) {
        self.nodes = nodes
        self.edges = edges
        self.connectome = connectome
    }

    /// Adds the connectome to the store at `storePath`, or creates the store if it does not
    /// exist; atomically, so on any error the store is left as it was. `reverseIndex` keeps the
    /// by-target index that makes fan-in reads lazy (about 12 bytes per edge).
    public func write(into storePath: String, reverseIndex: Bool = true) throws {
        var edges = self.edges
        for i in edges.indices { edges[i].includeReverseIndex = reverseIndex }
        if FileManager.default.fileExists(atPath: storePath) {
            try StoreWriter.add(nodes: nodes, edges: edges, connectomes: [connectome], to: storePath)
        } else {
            try StoreWriter.write(nodes: nodes, edges: edges, connectomes: [connectome], to: storePath)
        }
    }
}
