import ArgumentParser
import ConnectomeStore

/// `plexus connectome list`.
struct ListConnectomes: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the connectomes in a store.")

    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    struct Entry: Encodable {
        var name: String
        var description: String
        var nodes: Int
        var edges: [String: Int]
        var weightSemantics: String
    }

    func run() throws {
        let store = try storeOptions.open()
        let entries = try store.connectomeNames.map { name -> Entry in
            let connectome = try store.connectome(name)
            var edges: [String: Int] = [:]
            for population in connectome.edgePopulations { edges[population.kind.rawValue, default: 0] += population.count }
            return Entry(name: name, description: connectome.description,
                         nodes: connectome.nodePopulations.reduce(0) { $0 + $1.count }, edges: edges,
                         weightSemantics: connectome.weightSemantics)
        }
        if output.json { return try printJSON(["store": AnyEncodable(store.path), "connectomes": AnyEncodable(entries)]) }
        print("Store \(store.path)")
        let rows = [["connectome", "cells", "chemical", "electrical", "description"]] + entries.map {
            [$0.name, String($0.nodes), String($0.edges["chemical"] ?? 0), String($0.edges["electrical"] ?? 0), $0.description]
        }
        print(formatTable(rows, rightAligned: [1, 2, 3]))
    }
}

/// Wraps heterogeneous values for JSON output.
struct AnyEncodable: Encodable {
    private let encodeValue: (Encoder) throws -> Void
    init<T: Encodable>(_ value: T) { encodeValue = value.encode }
    func encode(to encoder: Encoder) throws { try encodeValue(encoder) }
}
