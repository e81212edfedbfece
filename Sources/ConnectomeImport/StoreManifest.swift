import ConnectomeCore
import ConnectomeStore
import Foundation

/// A JSON recipe for building a whole store from CSV files in one step, as the shipped
/// C. elegans store is built (`connectomes/manifest.json`). Paths are relative to the manifest.
///
/// ```json
/// { "node_populations": [ { "name": "herm_neurons", "file": "nodes/herm_neurons.csv",
///                           "species": "Caenorhabditis elegans", "citation": "…", "license": "…" } ],
///   "connectomes": [ { "name": "cook2019_herm", "edges": "edges/cook2019_herm.csv",
///                      "nodes": ["herm_neurons", "herm_muscles"], "description": "…", "citation": "…",
///                      "license": "…", "weight_semantics": "…", "sources": { "file.xlsx": "sha256…" } } ] }
/// ```
public struct StoreManifest: Codable, Sendable {
    public struct NodePopulationEntry: Codable, Sendable {
        public var name: String
        public var file: String
        public var species: String?
        public var citation: String?
        public var license: String?
    }
    public struct ConnectomeEntry: Codable, Sendable {
        public var name: String
        public var edges: String
        public var nodes: [String]
        public var description: String?
        public var citation: String?
        public var license: String?
        public var weightSemantics: String?
        public var sources: [String: String]?

        enum CodingKeys: String, CodingKey {
            case name, edges, nodes, description, citation, license, sources
            case weightSemantics = "weight_semantics"
        }
    }

    public var nodePopulations: [NodePopulationEntry]
    public var connectomes: [ConnectomeEntry]

    enum CodingKeys: String, CodingKey {
        case nodePopulations = "node_populations"
        case connectomes
    }

    /// Reads a manifest, naming the file in any error.
    public static func read(path: String) throws -> StoreManifest {
        guard let data = FileManager.default.contents(atPath: path) else { throw ImportError(file: path, "cannot be read") }
        do {
            return try JSONDecoder().decode(StoreManifest.self, from: data)
        } catch let DecodingError.keyNotFound(key, context) {
            throw ImportError(file: path, "missing key \"\(key.stringValue)\" at \(context.codingPath.map(\.stringValue).joined(separator: "."))")
        } catch {
            throw ImportError(file: path, "not a valid store manifest: \(error)")
        }
    }

    /// Builds the whole store at `output` (atomically): every node population, then every
    /// connectome's edges resolved against the populations it names.
    public func build(manifestPath: String, output: String) throws {
        let base = URL(fileURLWithPath: manifestPath).deletingLastPathComponent()
        func resolve(_ relative: String) -> String { base.appendingPathComponent(relative).path }
        var sources: [String: NodeSource] = [:]
        var nodes: [NodePopulationContents] = []
        var tables: [String: NodeTable] = [:]
        for entry in nodePopulations {
            let source = NodeSource(path: resolve(entry.file), name: entry.name, species: entry.species ?? "",
                                    provenance: Provenance(citation: entry.citation ?? "", license: entry.license ?? ""))
            let table = try NodeCSV.read(path: source.path)
            sources[entry.name] = source
            tables[entry.name] = table
            nodes.append(NodePopulationContents(name: entry.name, species: source.species, provenance: source.provenance, table: table))
        }
        var edges: [EdgePopulationContents] = []
        var connectomeContents: [ConnectomeContents] = []
        for entry in connectomes {
            let nodeSources = try entry.nodes.map { name -> NodeSource in
                guard let source = sources[name] else {
                    throw ImportError(file: manifestPath, "connectome \(entry.name) names node population \(name), which the manifest does not define")
                }
                return source
            }
            let metadata = ConnectomeMetadata(
                description: entry.description ?? "",
                provenance: Provenance(citation: entry.citation ?? "", license: entry.license ?? ""),
                weightSemantics: entry.weightSemantics ?? "", sourceChecksums: entry.sources ?? [:])
            let result = try CSVImport.connectome(name: entry.name, edgesPath: resolve(entry.edges), nodes: nodeSources,
                                                  metadata: metadata, existing: tables)
            edges += result.edges
            connectomeContents.append(result.connectome)
        }
        try StoreWriter.write(nodes: nodes, edges: edges, connectomes: connectomeContents, to: output)
    }

    /// Every file the manifest reads (itself, node files, edge files), as absolute paths.
    public func inputFiles(manifestPath: String) -> [String] {
        let base = URL(fileURLWithPath: manifestPath).deletingLastPathComponent()
        return [manifestPath] + nodePopulations.map { base.appendingPathComponent($0.file).path }
            + connectomes.map { base.appendingPathComponent($0.edges).path }
    }

    /// Whether `store` is missing or older than any of the manifest's input files.
    public func needsRebuild(manifestPath: String, store: String) -> Bool {
        let files = FileManager.default
        guard let built = (try? files.attributesOfItem(atPath: store))?[.modificationDate] as? Date else { return true }
        return inputFiles(manifestPath: manifestPath).contains { input in
            guard let changed = (try? files.attributesOfItem(atPath: input))?[.modificationDate] as? Date else { return false }
            return changed > built
        }
    }
}
