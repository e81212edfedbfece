import Foundation
import ConnectomeCore
import HDF5

/// An open connectome store (docs/store-format.md).
///
/// Opening reads only the root attributes (format name and version) and the population and
/// connectome listings. Each population is checked the first time it is used, before any of
/// its data is returned: structure always (datasets present, lengths equal, `indptr` ends),
/// and contents (monotone `indptr`, targets in range and sorted, finite weights, consistent
/// reverse index) for populations up to ``StoreFormat/eagerValidationLimit`` edges. Larger
/// populations are scanned in full by ``validate()``, so opening a 10^9-edge store stays
/// cheap, and so does reading one connectome out of a store that holds many.
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

    /// Node populations already opened and checked. Readers on several threads share a store
    /// (chunk-parallel reads, perturbation maps), so both caches are read and written under
    /// `cacheLock`; the HDF5 work that fills them runs outside it, since libhdf5 has its own
    /// lock and holding both could deadlock against a thread that takes them the other way round.
    private var nodeCache: [String: NodePopulation] = [:]
    /// Edge populations already checked (populations themselves are not cached: they refer
    /// back to the store, and a cache would make a reference cycle).
    private var checkedEdgePopulations: Set<String> = []
    private let cacheLock = NSLock()

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

    /// Opens the store at `path` (see the type's discussion for what is checked when).
    public static func open(_ path: String) throws -> StoreFile {
        try StoreFile(path: path, file: HDF5File.open(path))
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
        if let cached = cacheLock.withLock({ nodeCache[name] }) { return cached }
        guard nodePopulationNames.contains(name) else { throw StoreError.unknownPopulation(file: path, name: name) }
        let population = try NodePopulation(group: root.group("nodes/\(name)"), name: name, storePath: path)
        try population.checkStructure()
        // Two threads may have opened it at once: the first one stored wins, so all share one.
        return cacheLock.withLock {
            if let first = nodeCache[name] { return first }
            nodeCache[name] = population
            return population
        }
    }

    /// The edge population called `name`.
    public func edgePopulation(_ name: String) throws -> EdgePopulation {
        // Not cached: an edge population refers back to its store, and a cache would make a cycle.
        guard edgePopulationNames.contains(name) else { throw StoreError.unknownPopulation(file: path, name: name) }
        let population = try EdgePopulation(group: root.group("edges/\(name)"), name: name, store: self)
        if !cacheLock.withLock({ checkedEdgePopulations.contains(name) }) {
            try population.checkStructure()
            if population.count <= StoreFormat.eagerValidationLimit { try population.checkContents() }
            _ = cacheLock.withLock { checkedEdgePopulations.insert(name) }
        }
        return population
    }

    /// The connectome called `name`.
    public func connectome(_ name: String) throws -> Connectome {
        guard connectomeNames.contains(name) else {
            throw StoreError.unknownConnectome(file: path, name: name, available: connectomeNames)
        }
        return try Connectome(group: root.group("connectomes/\(name)"), name: name, store: self)
    }
}
