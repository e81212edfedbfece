import ConnectomeCore

/// Provenance shared by populations and connectomes; written as string attributes.
public struct Provenance: Sendable, Equatable {
    /// Full citation of the source publication(s).
    public var citation: String
    /// Licence of the data.
    public var license: String

    public init(citation: String = "", license: String = "") {
        self.citation = citation
        self.license = license
    }
}

/// A node population to be written: cells with their attributes.
public struct NodePopulationContents: Sendable, Equatable {
    public var name: String
    /// Species, e.g. "Caenorhabditis elegans".
    public var species: String
    public var provenance: Provenance
    public var table: NodeTable

    public init(name: String, species: String = "", provenance: Provenance = Provenance(), table: NodeTable) {
        self.name = name
        self.species = species
        self.provenance = provenance
        self.table = table
    }
}

/// An edge population to be written: one synapse kind between one source and one target population.
public struct EdgePopulationContents: Sendable, Equatable {
    public var name: String
    public var sourcePopulation: String
    public var targetPopulation: String
    public var kind: SynapseKind
    /// What a weight counts or measures, e.g. "EM serial-section count".
    public var weightSemantics: String
    public var provenance: Provenance
    /// Source and target indices refer to positions in the named node populations.
    /// For electrical populations each pair appears once.
    public var edges: EdgeList
    /// Whether to store the reverse (by target) index that makes fan-in reads lazy. It costs
    /// about 12 raw bytes per edge; without it fan-in scans every edge.
    public var includeReverseIndex: Bool

    public init(name: String, sourcePopulation: String, targetPopulation: String, kind: SynapseKind,
                weightSemantics: String = "", provenance: Provenance = Provenance(), edges: EdgeList,
                includeReverseIndex: Bool = true) {
        self.includeReverseIndex = includeReverseIndex
        self.name = name
        self.sourcePopulation = sourcePopulation
        self.targetPopulation = targetPopulation
        self.kind = kind
        self.weightSemantics = weightSemantics
        self.provenance = provenance
        self.edges = edges
    }

    /// Whether one stored edge stands for both directions.
    public var isSymmetric: Bool { kind.isSymmetric }
}

/// A named connectome: a set of node and edge populations that belong together, with provenance.
public struct ConnectomeContents: Sendable, Equatable {
    public var name: String
    public var description: String
    public var provenance: Provenance
    /// What the weights mean in this dataset.
    public var weightSemantics: String
    /// Source file name → SHA-256 (hex) of the files the connectome was built from.
    public var sourceChecksums: [String: String]
    public var nodePopulations: [String]
    public var edgePopulations: [String]

    public init(name: String, description: String = "", provenance: Provenance = Provenance(),
                weightSemantics: String = "", sourceChecksums: [String: String] = [:],
                nodePopulations: [String], edgePopulations: [String]) {
        self.name = name
        self.description = description
        self.provenance = provenance
        self.weightSemantics = weightSemantics
        self.sourceChecksums = sourceChecksums
        self.nodePopulations = nodePopulations
        self.edgePopulations = edgePopulations
    }
}
