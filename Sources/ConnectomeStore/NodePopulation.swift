import ConnectomeCore
import HDF5

/// A node population in a store: cells with names and attributes, read on demand.
public final class NodePopulation: @unchecked Sendable {
    /// The population's name (its group under `/nodes`).
    public let name: String
    /// The number of nodes.
    public let count: Int
    /// Species, citation and licence as stored.
    public let species: String
    public let provenance: Provenance
    let group: HDF5Group
    let storePath: String
    private var cachedNames: [String]?
    private var cachedIndex: [String: Int]?

    init(group: HDF5Group, name: String, storePath: String) throws {
        self.group = group
        self.name = name
        self.storePath = storePath
        guard group.hasAttribute("n_nodes") else {
            throw StoreError.invariant(file: storePath, dataset: group.path, problem: "attribute n_nodes is missing")
        }
        count = Int(try group.attribute("n_nodes", as: UInt64.self))
        species = group.hasAttribute("species") ? try group.stringAttribute("species") : ""
        provenance = Provenance(
            citation: group.hasAttribute("citation") ? try group.stringAttribute("citation") : "",
            license: group.hasAttribute("license") ? try group.stringAttribute("license") : "")
    }

    /// Every node's name, in index order (read once, then cached).
    public func names() throws -> [String] {
        if let cachedNames { return cachedNames }
        let names = try group.dataset("name").readStrings()
        cachedNames = names
        return names
    }

    /// The name of node `index`.
    public func name(at index: Int) throws -> String { try names()[index] }

    /// The index of the node called `nodeName`, or a ``StoreError/unknownNode`` error that
    /// suggests the nearest valid names.
    public func index(of nodeName: String) throws -> Int {
        guard let index = try indexByName()[nodeName] else {
            throw StoreError.unknownNode(file: storePath, population: name, name: nodeName,
                                         hint: NameSuggestions.hint(for: nodeName, in: try names()))
        }
        return index
    }

    /// Whether a node called `nodeName` exists.
    public func contains(_ nodeName: String) throws -> Bool {
        try indexByName()[nodeName] != nil
    }

    /// Name → index, built once.
    private func indexByName() throws -> [String: Int] {
        if let cachedIndex { return cachedIndex }
        let index = Dictionary(uniqueKeysWithValues: try names().enumerated().map { ($1, $0) })
        cachedIndex = index
        return index
    }

    /// Names of the categorical (string-valued) attributes.
    public func categoricalAttributeNames() throws -> [String] {
        group.exists("@library") ? try group.group("@library").childNames() : []
    }

    /// Names of the numeric attributes.
    public func numericAttributeNames() throws -> [String] {
        guard group.exists("attributes") else { return [] }
        let categorical = Set(try categoricalAttributeNames())
        return try group.group("attributes").childNames().filter { !categorical.contains($0) }
    }

    /// One string per node for a categorical attribute ("" where unknown).
    public func categorical(_ attribute: String) throws -> [String] {
        let library = try group.dataset("@library/\(attribute)").readStrings()
        let codes = try group.dataset("attributes/\(attribute)").read(as: UInt32.self)
        return try codes.map { code in
            guard Int(code) < library.count else {
                throw StoreError.invariant(file: storePath, dataset: group.path + "/attributes/" + attribute,
                                           problem: "code \(code) has no entry in @library/\(attribute) (\(library.count) entries)")
            }
            return library[Int(code)]
        }
    }

    /// One number per node for a numeric attribute (NaN where unknown).
    public func numeric(_ attribute: String) throws -> [Double] {
        try group.dataset("attributes/\(attribute)").read(as: Double.self)
    }

    /// The whole population as an in-memory table.
    public func table() throws -> NodeTable {
        var table = NodeTable(names: try names())
        for attribute in try categoricalAttributeNames() { table.categorical[attribute] = try categorical(attribute) }
        for attribute in try numericAttributeNames() { table.numeric[attribute] = try numeric(attribute) }
        return table
    }

    /// The population as contents that can be written into another store.
    public func contents() throws -> NodePopulationContents {
        NodePopulationContents(name: name, species: species, provenance: provenance, table: try table())
    }

    /// Checks that `name` and every attribute hold `count` entries.
    func checkStructure() throws {
        let nameSet = try group.dataset("name")
        guard nameSet.count == count else {
            throw StoreError.invariant(file: storePath, dataset: nameSet.path, problem: "holds \(nameSet.count) names but n_nodes is \(count)")
        }
        guard group.exists("attributes") else { return }
        for attribute in try group.group("attributes").childNames() {
            let dataset = try group.dataset("attributes/\(attribute)")
            guard dataset.count == count else {
                throw StoreError.invariant(file: storePath, dataset: dataset.path, problem: "holds \(dataset.count) values but n_nodes is \(count)")
            }
        }
        for attribute in try categoricalAttributeNames() where !group.exists("attributes/\(attribute)") {
            throw StoreError.invariant(file: storePath, dataset: group.path + "/attributes/" + attribute,
                                       problem: "missing, though @library/\(attribute) exists")
        }
    }
}
