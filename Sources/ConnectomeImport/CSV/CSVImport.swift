import ConnectomeCore
import ConnectomeStore
import Foundation

/// Metadata for a connectome imported from CSV.
public struct ConnectomeMetadata: Sendable {
    public var description: String
    public var provenance: Provenance
    public var weightSemantics: String
    /// Checksums of upstream files (e.g. the published spreadsheets), added to those of the CSVs.
    public var sourceChecksums: [String: String]

    public init(description: String = "", provenance: Provenance = Provenance(), weightSemantics: String = "",
                sourceChecksums: [String: String] = [:]) {
        self.description = description
        self.provenance = provenance
        self.weightSemantics = weightSemantics
        self.sourceChecksums = sourceChecksums
    }
}

/// A node population to read from a CSV file.
public struct NodeSource: Sendable {
    /// Population name in the store; by default the file name without `.csv`.
    public var name: String
    public var path: String
    public var species: String
    public var provenance: Provenance

    public init(path: String, name: String? = nil, species: String = "", provenance: Provenance = Provenance()) {
        self.path = path
        self.name = name ?? URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
        self.species = species
        self.provenance = provenance
    }
}

/// Turns CSV edge and node files into store contents.
public enum CSVImport {

    /// Everything needed to write one connectome (the shape every importer returns).
    public typealias Result = ImportedConnectome

    /// Reads `edgesPath` (and the node files, if any) into store contents named `name`.
    ///
    /// Without node files, one population `<name>_nodes` is made from the names in the edge
    /// file, sorted. Node populations named in `existing` (already in the target store) are used
    /// as they are, not re-created.
    public static func connectome(name: String, edgesPath: String, nodes nodeSources: [NodeSource],
                                  metadata: ConnectomeMetadata,
                                  existing: [String: NodeTable] = [:]) throws -> Result {
        guard StoreFormat.isValidName(name) else { throw StoreError.invalidName(kind: "connectome", name: name) }
        var populations: [(name: String, table: NodeTable)] = []
        var newPopulations: [NodePopulationContents] = []
        var checksums = metadata.sourceChecksums
        if nodeSources.isEmpty {
            let population = name + "_nodes"
            let table = NodeTable(names: try EdgeCSV.names(in: edgesPath))
            populations.append((population, table))
            newPopulations.append(NodePopulationContents(name: population, provenance: metadata.provenance, table: table))
        }
        for source in nodeSources {
            guard StoreFormat.isValidName(source.name) else { throw StoreError.invalidName(kind: "node population", name: source.name) }
            let table = try NodeCSV.read(path: source.path)
            if let stored = existing[source.name] {
                guard stored == table else {
                    throw ImportError(file: source.path, "the store already has a node population \(source.name) with different contents; give the file another name or import into a new store")
                }
            } else {
                newPopulations.append(NodePopulationContents(name: source.name, species: source.species,
                                                             provenance: source.provenance, table: table))
            }
            populations.append((source.name, table))
            checksums[URL(fileURLWithPath: source.path).lastPathComponent] = try SHA256.hexDigest(ofFile: source.path)
        }
        let directory = try NodeDirectory(populations)
        let reader = try CSVReader(path: edgesPath)
        // The checksum is computed on the second core while the first starts parsing.
        let checksum = ParallelResults<String>(count: 1)
        let hashing = DispatchGroup()
        DispatchQueue.global().async(group: hashing) { checksum.set(0, .success(reader.sha256())) }
        // Symmetric edges between two populations are stored from the alphabetically first one.
        var groups = try EdgeCSV.read(reader, nodes: directory)
        hashing.wait()
        checksums[URL(fileURLWithPath: edgesPath).lastPathComponent] = try checksum.values[0].get()
        for g in groups.indices where groups[g].kind.isSymmetric
            && populations[groups[g].sourcePopulation].name > populations[groups[g].targetPopulation].name {
            var group = groups[g]
            (group.sourcePopulation, group.targetPopulation) = (group.targetPopulation, group.sourcePopulation)
            (group.edges.sources, group.edges.targets) = (group.edges.targets, group.edges.sources)
            groups[g] = group
        }
        let edges = groups.map { group -> EdgePopulationContents in
            let source = populations[group.sourcePopulation].name, target = populations[group.targetPopulation].name
            return EdgePopulationContents(
                name: EdgePopulationName.make(connectome: name, kind: group.kind, source: source, target: target), sourcePopulation: source,
                targetPopulation: target, kind: group.kind, weightSemantics: metadata.weightSemantics,
                provenance: metadata.provenance, edges: group.edges)
        }
        let connectome = ConnectomeContents(
            name: name, description: metadata.description, provenance: metadata.provenance,
            weightSemantics: metadata.weightSemantics, sourceChecksums: checksums,
            nodePopulations: populations.map(\.name), edgePopulations: edges.map(\.name))
        return Result(nodes: newPopulations, edges: edges, connectome: connectome)
    }

    /// Imports one connectome into the store at `storePath`, creating the store if it does
    /// not exist. The store file is replaced atomically; on any error it is left as it was.
    public static func importConnectome(name: String, edgesPath: String, nodes: [NodeSource],
                                        metadata: ConnectomeMetadata, storePath: String,
                                        reverseIndex: Bool = true) throws -> Result {
        var existing: [String: NodeTable] = [:]
        if FileManager.default.fileExists(atPath: storePath) {
            let store = try StoreFile.open(storePath)
            for source in nodes where store.nodePopulationNames.contains(source.name) {
                existing[source.name] = try store.nodePopulation(source.name).table()
            }
        }
        let result = try connectome(name: name, edgesPath: edgesPath, nodes: nodes, metadata: metadata, existing: existing)
        try result.write(into: storePath, reverseIndex: reverseIndex)
        return result
    }
}
