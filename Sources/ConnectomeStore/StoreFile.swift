import ConnectomeCore
import HDF5

/// An open connectome store (docs/store-format.md).
///
/// Opening reads only the root attributes and the population and connectome listings, then
/// checks each edge population's structure (dataset presence, lengths, `indptr` ends).
/// Populations up to ``StoreFormat/eagerValidationLimit`` edges are fully validated on open
/// (monotone `indptr`, targets in range, finite weights); larger ones are scanned by
/// ``validate()`` so that opening a 10^9-edge store stays cheap.
public final class StoreFile: @unchecked Sendable {
    /// The path the store was opened from.
    public let path: String
    let file: HDF5File
    let root: HDF5Group
    /// The format version found in the file.
    public let formatVersion: UInt32
    /// The tool that wrote the file.
    public let createdBy: String
    /// Names of the node populations, sorted.
    public let nodePopulationNames: [String]
    /// Names of the edge populations, sorted.
    public let edgePopulationNames: [String]
    /// Names of the connectomes, sorted.
    public let connectomeNames: [String]

    private var nodeCache: [String: NodePopulation] = [:]

    private init(path: String, file: HDF5File) throws {
        self.path = path
        self.file = file
        root = try file.root()
        guard root.hasAttribute("format"), try root.stringAttribute("format") == StoreFormat.name else {
            throw StoreError.notAStore(file: path, reason: "root attribute format is not \"\(StoreFormat.name)\"")
        }
        guard root.hasAttribute("format_version") else {
            throw StoreError.notAStore(file: path, reason: "root attribute format_version is missing")
        }
        formatVersion = try root.attribute("format_version", as: UInt32.self)
        guard formatVersion <= StoreFormat.version else {
            throw StoreError.newerFormat(file: path, found: formatVersion, supported: StoreFormat.version)
        }
        createdBy = root.hasAttribute("created_by") ? try root.stringAttribute("created_by") : ""
        nodePopulationNames = root.exists("nodes") ? try root.group("nodes").childNames() : []
        edgePopulationNames = root.exists("edges") ? try root.group("edges").childNames() : []
        connectomeNames = root.exists("connectomes") ? try root.group("connectomes").childNames() : []
    }

    /// Opens the store at `path` and checks its invariants (see the type's discussion).
    public static func open(_ path: String) throws -> StoreFile {
        let store = try StoreFile(path: path, file: HDF5File.open(path))
        for name in store.edgePopulationNames {
            let population = try store.edgePopulation(name)
            try population.checkStructure()
            if population.count <= StoreFormat.eagerValidationLimit { try population.checkContents() }
        }
        for name in store.nodePopulationNames { try store.nodePopulation(name).checkStructure() }
        return store
    }

    /// Runs every invariant check on every population, streaming large datasets in chunks.
    public func validate() throws {
        for name in nodePopulationNames { try nodePopulation(name).checkStructure() }
        for name in edgePopulationNames {
            let population = try edgePopulation(name)
            try population.checkStructure()
            try population.checkContents()
        }
        for name in connectomeNames { _ = try connectome(name) }
    }

    /// The node population called `name`.
    public func nodePopulation(_ name: String) throws -> NodePopulation {
        if let cached = nodeCache[name] { return cached }
        guard nodePopulationNames.contains(name) else { throw StoreError.unknownPopulation(file: path, name: name) }
        let population = try NodePopulation(group: root.group("nodes/\(name)"), name: name, storePath: path)
        nodeCache[name] = population
        return population
    }

    /// The edge population called `name`.
    public func edgePopulation(_ name: String) throws -> EdgePopulation {
        // Not cached: an edge population refers back to its store, and a cache would make a cycle.
        guard edgePopulationNames.contains(name) else { throw StoreError.unknownPopulation(file: path, name: name) }
        return try EdgePopulation(group: root.group("edges/\(name)"), name: name, store: self)
    }

    /// The connectome called `name`.
    public func connectome(_ name: String) throws -> Connectome {
        guard connectomeNames.contains(name) else {
            throw StoreError.unknownConnectome(file: path, name: name, available: connectomeNames)
        }
        return try Connectome(group: root.group("connectomes/\(name)"), name: name, store: self)
    }
}
