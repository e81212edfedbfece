import ConnectomeCore
import HDF5

/// The attributes every population of connections carries, CSR or factorised: which node
/// populations it joins, its synapse kind, what a weight means, and provenance. Read and
/// written in one place so the three writers and two readers cannot drift apart.
struct PopulationAttributes {
    var sourcePopulation: String
    var targetPopulation: String
    var kind: SynapseKind
    var weightSemantics: String
    var provenance: Provenance

    init(sourcePopulation: String, targetPopulation: String, kind: SynapseKind, weightSemantics: String, provenance: Provenance) {
        self.sourcePopulation = sourcePopulation
        self.targetPopulation = targetPopulation
        self.kind = kind
        self.weightSemantics = weightSemantics
        self.provenance = provenance
    }

    /// Reads them from `group`; the populations and kind are required, the rest default to "".
    init(reading group: HDF5Group, file: String) throws {
        func required(_ attribute: String) throws -> String {
            guard group.hasAttribute(attribute) else {
                throw StoreError.invariant(file: file, dataset: group.path, problem: "attribute \(attribute) is missing")
            }
            return try group.stringAttribute(attribute)
        }
        func optional(_ attribute: String) throws -> String {
            group.hasAttribute(attribute) ? try group.stringAttribute(attribute) : ""
        }
        sourcePopulation = try required("source_population")
        targetPopulation = try required("target_population")
        let kindName = try required("kind")
        guard let kind = SynapseKind(rawValue: kindName) else {
            throw StoreError.invariant(file: file, dataset: group.path, problem: "unknown kind \"\(kindName)\"")
        }
        self.kind = kind
        weightSemantics = try optional("weight_semantics")
        provenance = Provenance(citation: try optional("citation"), license: try optional("license"))
    }

    /// Writes them (and `symmetric`, derived from the kind) to `group`.
    func write(to group: HDF5Group) throws {
        try group.setAttribute("source_population", sourcePopulation)
        try group.setAttribute("target_population", targetPopulation)
        try group.setAttribute("kind", kind.rawValue)
        try group.setAttribute("symmetric", UInt8(kind.isSymmetric ? 1 : 0))
        try group.setAttribute("weight_semantics", weightSemantics)
        try group.setAttribute("citation", provenance.citation)
        try group.setAttribute("license", provenance.license)
    }
}
