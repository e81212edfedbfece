import ConnectomeCore
import HDF5

/// Which edges of a node to report.
public enum EdgeDirection: String, CaseIterable, Sendable, Codable, Comparable {
    case incoming = "in", outgoing = "out", both

    /// By name ("both" < "in" < "out"), the order listings use.
    public static func < (a: EdgeDirection, b: EdgeDirection) -> Bool { a.rawValue < b.rawValue }
}

/// One partner of a node, as `plexus connectome neighbors` reports it.
public struct Neighbor: Sendable, Equatable, Codable {
    /// The partner's name and the population it belongs to.
    public var name: String
    public var population: String
    public var kind: SynapseKind
    /// in (partner → node), out (node → partner) or both (gap junctions).
    public var direction: EdgeDirection
    public var weight: Double

    public init(name: String, population: String, kind: SynapseKind, direction: EdgeDirection, weight: Double) {
        self.name = name
        self.population = population
        self.kind = kind
        self.direction = direction
        self.weight = weight
    }
}

/// A named connectome: node and edge populations that belong together, with provenance.
public final class Connectome: @unchecked Sendable {
    public let name: String
    public let description: String
    public let provenance: Provenance
    public let weightSemantics: String
    /// Source file → SHA-256 (hex) of what the connectome was built from.
    public let sourceChecksums: [String: String]
    public let nodePopulations: [NodePopulation]
    public let edgePopulations: [EdgePopulation]
    let store: StoreFile

    init(group: HDF5Group, name: String, store: StoreFile) throws {
        self.name = name
        self.store = store
        func text(_ key: String) throws -> String { group.hasAttribute(key) ? try group.stringAttribute(key) : "" }
        description = try text("description")
        provenance = Provenance(citation: try text("citation"), license: try text("license"))
        weightSemantics = try text("weight_semantics")
        var checksums: [String: String] = [:]
        if group.exists("sources") {
            let sources = try group.group("sources")
            for key in try sources.attributeNames() { checksums[key] = try sources.stringAttribute(key) }
        }
        sourceChecksums = checksums
        nodePopulations = try Connectome.linked(group, "nodes", store: store).map { try store.nodePopulation($0) }
        edgePopulations = try Connectome.linked(group, "edges", store: store).map { try store.edgePopulation($0) }
    }

    /// Population names a connectome subgroup links to, each checked to exist.
    private static func linked(_ group: HDF5Group, _ child: String, store: StoreFile) throws -> [String] {
        guard group.exists(child) else { return [] }
        let links = try group.group(child)
        return try links.childNames().map { link in
            guard let target = try links.softLinkTarget(link) else { return link }
            let prefix = "/\(child)/"
            guard target.hasPrefix(prefix), links.exists(link) else {
                throw StoreError.invariant(file: store.path, dataset: links.path + "/" + link,
                                           problem: "soft link to \(target) does not resolve")
            }
            return String(target.dropFirst(prefix.count))
        }
    }

    /// The node population holding `nodeName` (searched in link order).
    public func population(containing nodeName: String) throws -> (NodePopulation, Int) {
        for population in nodePopulations where try population.contains(nodeName) {
            return (population, try population.index(of: nodeName))
        }
        let everyName = try nodePopulations.flatMap { try $0.names() }
        throw StoreError.unknownNode(file: store.path, population: nodePopulations.map(\.name).joined(separator: ", "),
                                     name: nodeName, hint: NameSuggestions.hint(for: nodeName, in: everyName))
    }

    /// The partners of `nodeName`, reading only that node's rows and columns.
    /// Gap junctions are reported once per partner with direction "both".
    public func neighbors(of nodeName: String, direction: EdgeDirection = .both,
                          kinds: Set<SynapseKind> = Set(SynapseKind.allCases)) throws -> [Neighbor] {
        let (home, index) = try population(containing: nodeName)
        var result: [Neighbor] = []
        for edges in edgePopulations where kinds.contains(edges.kind) {
            let source = try store.nodePopulation(edges.sourcePopulation)
            let target = try store.nodePopulation(edges.targetPopulation)
            if edges.isSymmetric {
                // Resolve partner names per stored edge (a self-coupling is one edge, listed once).
                var byEdge: [(Int, Neighbor)] = []
                if source.name == home.name {
                    for edge in try edges.outgoing(from: index) {
                        byEdge.append((edge.edge, Neighbor(name: try target.name(at: edge.node), population: target.name,
                                                           kind: edges.kind, direction: .both, weight: edge.weight)))
                    }
                }
                if target.name == home.name {
                    let seen = Set(byEdge.map(\.0))
                    for edge in try edges.incoming(to: index) where !seen.contains(edge.edge) {
                        byEdge.append((edge.edge, Neighbor(name: try source.name(at: edge.node), population: source.name,
                                                           kind: edges.kind, direction: .both, weight: edge.weight)))
                    }
                }
                result += byEdge.map(\.1)
                continue
            }
            if direction != .incoming, source.name == home.name {
                for edge in try edges.outgoing(from: index) {
                    result.append(Neighbor(name: try target.name(at: edge.node), population: target.name,
                                           kind: edges.kind, direction: .outgoing, weight: edge.weight))
                }
            }
            if direction != .outgoing, target.name == home.name {
                for edge in try edges.incoming(to: index) {
                    result.append(Neighbor(name: try source.name(at: edge.node), population: source.name,
                                           kind: edges.kind, direction: .incoming, weight: edge.weight))
                }
            }
        }
        return result.sorted { ($0.kind, $0.direction, $0.name) < ($1.kind, $1.direction, $1.name) }
    }

    /// The connectome as contents that can be written into another store.
    public func contents() -> ConnectomeContents {
        ConnectomeContents(name: name, description: description, provenance: provenance, weightSemantics: weightSemantics,
                           sourceChecksums: sourceChecksums, nodePopulations: nodePopulations.map(\.name),
                           edgePopulations: edgePopulations.map(\.name))
    }
}

extension Connectome {
    /// The node population `name` from the same store (for exporters).
    public func store(_ population: String) throws -> NodePopulation { try store.nodePopulation(population) }
}
