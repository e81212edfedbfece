import CGSL
import ConnectomeCore

/// Mean, spread and extremes of a degree (or any count) distribution.
public struct DistributionSummary: Sendable, Equatable, Codable {
    public var mean: Double
    public var standardDeviation: Double
    public var median: Double
    public var minimum: Double
    public var maximum: Double

    /// Summarises `values` with GSL's statistics routines (sample standard deviation, n − 1).
    public init(_ values: [Double]) {
        guard !values.isEmpty else {
            self.init(mean: .nan, standardDeviation: .nan, median: .nan, minimum: .nan, maximum: .nan)
            return
        }
        var sorted = values.sorted()
        let n = sorted.count
        self.init(mean: gsl_stats_mean(&sorted, 1, n),
                  standardDeviation: n > 1 ? gsl_stats_sd(&sorted, 1, n) : 0,
                  median: gsl_stats_median_from_sorted_data(&sorted, 1, n),
                  minimum: sorted[0], maximum: sorted[n - 1])
    }

    init(mean: Double, standardDeviation: Double, median: Double, minimum: Double, maximum: Double) {
        self.mean = mean
        self.standardDeviation = standardDeviation
        self.median = median
        self.minimum = minimum
        self.maximum = maximum
    }
}

/// Counts for one edge population of a connectome.
public struct EdgePopulationSummary: Sendable, Equatable, Codable {
    public var name: String
    public var kind: SynapseKind
    public var sourcePopulation: String
    public var targetPopulation: String
    /// Stored edges (connections); gap junctions once per pair.
    public var edges: Int
    /// Sum of weights (synapse or section counts where weights are counts).
    public var totalWeight: Double
    /// Edges from a node to itself.
    public var selfConnections: Int
}

/// What `plexus connectome info` prints.
public struct ConnectomeSummary: Sendable, Equatable, Codable {
    public var name: String
    public var description: String
    public var citation: String
    public var license: String
    public var weightSemantics: String
    /// Population name → node count.
    public var nodes: [String: Int]
    public var edgePopulations: [EdgePopulationSummary]
    /// Per kind: connections and summed weights across populations.
    public var edgesByKind: [String: Int]
    public var weightByKind: [String: Double]
    /// Nodes with at least one edge of any kind.
    public var connectedNodes: Int
    /// Per kind and per population: out-, in- (chemical) or coupling degree (electrical) distribution.
    public var degrees: [String: DistributionSummary]
    /// The same distributions in full: entry d is the number of cells with degree d.
    public var degreeHistograms: [String: [Int]]

    /// Reads the connectome's edges and summarises them.
    public init(_ connectome: Connectome) throws {
        name = connectome.name
        description = connectome.description
        citation = connectome.provenance.citation
        license = connectome.provenance.license
        weightSemantics = connectome.weightSemantics
        nodes = Dictionary(uniqueKeysWithValues: connectome.nodePopulations.map { ($0.name, $0.count) })
        edgePopulations = []
        edgesByKind = [:]
        weightByKind = [:]
        var connected: [String: [Bool]] = [:]
        var chemicalOut: [String: [Int]] = [:], chemicalIn: [String: [Int]] = [:], electrical: [String: [Int]] = [:]
        for population in connectome.nodePopulations {
            chemicalOut[population.name] = Array(repeating: 0, count: population.count)
            chemicalIn[population.name] = Array(repeating: 0, count: population.count)
            electrical[population.name] = Array(repeating: 0, count: population.count)
            connected[population.name] = Array(repeating: false, count: population.count)
        }
        // Streamed in blocks of rows: a summary of a 10^9-edge population must not load it.
        for population in connectome.edgePopulations {
            let source = population.sourcePopulation, target = population.targetPopulation
            var selfConnections = 0, total = 0.0
            try population.forEachRowBlock { block in
                for s in block.sources {
                    let row = block.row(s)
                    if !row.isEmpty { connected[source]?[s] = true }
                    for i in row {
                        let t = Int(block.targets[i])
                        connected[target]?[t] = true
                        total += block.weights[i]
                        if source == target && s == t { selfConnections += 1 }
                        if population.kind == .chemical {
                            chemicalIn[target]?[t] += 1
                        } else {
                            electrical[source]?[s] += 1
                            if !(source == target && s == t) { electrical[target]?[t] += 1 }
                        }
                    }
                    if population.kind == .chemical { chemicalOut[source]?[s] += row.count }
                }
            }
            edgePopulations.append(EdgePopulationSummary(
                name: population.name, kind: population.kind, sourcePopulation: source, targetPopulation: target,
                edges: population.count, totalWeight: total, selfConnections: selfConnections))
            edgesByKind[population.kind.rawValue, default: 0] += population.count
            weightByKind[population.kind.rawValue, default: 0] += total
        }
        connectedNodes = connected.values.reduce(0) { $0 + $1.filter { $0 }.count }
        degrees = [:]
        degreeHistograms = [:]
        for population in connectome.nodePopulations {
            let p = population.name
            for (label, values) in [("chemical out-degree (\(p))", chemicalOut[p]!), ("chemical in-degree (\(p))", chemicalIn[p]!),
                                    ("gap-junction partners (\(p))", electrical[p]!)] {
                degrees[label] = DistributionSummary(values.map(Double.init))
                var histogram = [Int](repeating: 0, count: (values.max() ?? -1) + 1)
                for degree in values { histogram[degree] += 1 }
                degreeHistograms[label] = histogram
            }
        }
    }
}
