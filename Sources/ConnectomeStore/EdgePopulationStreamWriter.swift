import ConnectomeCore
import HDF5

/// How a streamed edge population stores its weights. Unlike ``StoreWriter/write``, a
/// stream cannot look at every weight before choosing, so the caller decides up front.
public enum StreamedWeightType: String, Sendable {
    /// Whole-number weights (synapse or section counts): about half the bytes of floats.
    case int32
    case float32
    case float64
}

/// What a streamed edge population is, before any edge is written.
public struct StreamedEdgePopulation: Sendable {
    public var name: String
    public var sourcePopulation: String
    public var targetPopulation: String
    public var sourceCount: Int
    public var targetCount: Int
    public var kind: SynapseKind
    public var weightSemantics: String
    public var provenance: Provenance
    public var weightType: StreamedWeightType
    /// Whether rows carry per-edge delays (`attributes/delay`, float32, ms).
    public var hasDelays: Bool

    public init(name: String, sourcePopulation: String, targetPopulation: String, sourceCount: Int, targetCount: Int,
                kind: SynapseKind = .chemical, weightSemantics: String = "", provenance: Provenance = Provenance(),
                weightType: StreamedWeightType = .float32, hasDelays: Bool = false) {
        self.name = name
        self.sourcePopulation = sourcePopulation
        self.targetPopulation = targetPopulation
        self.sourceCount = sourceCount
        self.targetCount = targetCount
        self.kind = kind
        self.weightSemantics = weightSemantics
        self.provenance = provenance
        self.weightType = weightType
        self.hasDelays = hasDelays
    }
}

/// Writes one edge population row by row in CSR order, holding only a buffer of about a
/// million edges: the way to store graphs whose edge list does not fit in memory.
///
/// Rows arrive in ascending source order (sources without edges may be skipped); each row's
/// targets strictly ascend. Every row is checked as it arrives (order, ranges, finite
/// weights, finite non-negative delays, exact representability in the chosen weight type), so
/// a finished population satisfies the store invariants without a second pass (for gap
/// junctions, the orientation rule too). Populations written this way carry no reverse
/// index (building one needs a sort of all edges by target).
public final class EdgePopulationStreamWriter {
    public let population: StreamedEdgePopulation
    private let indptr: HDF5Dataset, target: HDF5Dataset, weight: HDF5Dataset, delay: HDF5Dataset?
    private let group: HDF5Group
    /// The next source whose row has not been written yet.
    private var nextSource = 0
    /// Edges written so far, including the buffers.
    public private(set) var edgeCount = 0
    private var indptrBuffer: [UInt64] = [0]
    private var targetBuffer: [UInt32] = []
    private var weightBuffer: [Double] = []
    private var delayBuffer: [Float] = []
    private var finished = false
    /// Symmetric within one population: each pair once, as source ≤ target.
    private var orientedWithinPopulation: Bool { population.kind.isSymmetric && population.sourcePopulation == population.targetPopulation }
    private static let flushEdges = 1 << 20
    /// One chunk of every per-edge dataset (DESIGN §4: 65,536 elements, shuffle + deflate 1).
    private static let chunkElements = 65_536

    init(_ description: StreamedEdgePopulation, in parent: HDF5Group) throws {
        self.population = description
        guard population.sourceCount >= 0, population.targetCount >= 0,
              population.sourceCount <= Int(UInt32.max), population.targetCount <= Int(UInt32.max) else {
            throw StoreError.invalidContents(what: "edge population \(population.name)",
                                             problem: "node counts must lie in 0…2^32−1 (got \(population.sourceCount) sources, \(population.targetCount) targets)")
        }
        if description.kind.isSymmetric && description.sourcePopulation > description.targetPopulation {
            throw StoreError.invalidContents(what: "edge population \(population.name)",
                                             problem: "a symmetric population between two node populations must name the alphabetically first as source")
        }
        group = try parent.createGroup(population.name)
        try PopulationAttributes(sourcePopulation: description.sourcePopulation, targetPopulation: description.targetPopulation,
                                 kind: description.kind, weightSemantics: description.weightSemantics,
                                 provenance: description.provenance).write(to: group)
        indptr = try group.createAppendableDataset("indptr", of: UInt64.self, chunkRows: Self.chunkElements)
        target = try group.createAppendableDataset("target", of: UInt32.self, chunkRows: Self.chunkElements)
        let attributes = try group.createGroup("attributes")
        switch population.weightType {
        case .int32: weight = try attributes.createAppendableDataset("weight", of: Int32.self, chunkRows: Self.chunkElements)
        case .float32: weight = try attributes.createAppendableDataset("weight", of: Float.self, chunkRows: Self.chunkElements)
        case .float64: weight = try attributes.createAppendableDataset("weight", of: Double.self, chunkRows: Self.chunkElements)
        }
        delay = population.hasDelays ? try attributes.createAppendableDataset("delay", of: Float.self, chunkRows: Self.chunkElements) : nil
        targetBuffer.reserveCapacity(Self.flushEdges + 65_536)
        weightBuffer.reserveCapacity(Self.flushEdges + 65_536)
    }

    private func invalid(_ problem: String) -> StoreError {
        StoreError.invalidContents(what: "edge population \(population.name)", problem: problem)
    }

    /// Appends the row of `source`: its targets (strictly ascending), their weights, and their
    /// delays [ms] when the population has delays.
    public func appendRow(source: Int, targets: [UInt32], weights: [Double], delays: [Float]? = nil) throws {
        guard !finished else { throw invalid("row of source \(source) written after finish()") }
        guard source >= nextSource else {
            throw invalid("rows must arrive in ascending source order, but source \(source) came after source \(nextSource - 1); sort the input by source first")
        }
        guard source < population.sourceCount else {
            throw invalid("source index \(source) is out of range (the source population has \(population.sourceCount) nodes)")
        }
        guard weights.count == targets.count else { throw invalid("source \(source): \(targets.count) targets but \(weights.count) weights") }
        if population.hasDelays {
            guard let delays, delays.count == targets.count else { throw invalid("source \(source): every edge needs a delay") }
            for (k, value) in delays.enumerated() where !(value.isFinite && value >= 0) {
                throw invalid("source \(source) → target \(targets[k]): delay \(value) ms must be finite and ≥ 0")
            }
        }
        var previous: Int64 = -1
        for (k, t) in targets.enumerated() {
            guard Int(t) < population.targetCount else {
                throw invalid("source \(source): target index \(t) is out of range (the target population has \(population.targetCount) nodes)")
            }
            guard Int64(t) > previous else {
                throw invalid("source \(source): targets must strictly ascend within a row (\(t) after \(previous)); duplicate edges are not allowed")
            }
            previous = Int64(t)
            if orientedWithinPopulation && Int(t) < source {
                throw invalid("source \(source) → target \(t): a gap junction within one population is stored once, with source ≤ target")
            }
            try check(weight: weights[k], source: source, target: t)
        }
        while nextSource < source { indptrBuffer.append(UInt64(edgeCount)); nextSource += 1 }
        targetBuffer.append(contentsOf: targets)
        weightBuffer.append(contentsOf: weights)
        if let delays, population.hasDelays { delayBuffer.append(contentsOf: delays) }
        edgeCount += targets.count
        guard edgeCount <= Int(UInt32.max) else { throw invalid("more than 2^32 edges in one population; split the graph into several populations") }
        indptrBuffer.append(UInt64(edgeCount))
        nextSource = source + 1
        if targetBuffer.count >= Self.flushEdges { try flush() }
    }

    @inline(__always)
    private func check(weight w: Double, source: Int, target: UInt32) throws {
        // The format asks only for finite weights (CSV imports also require ≥ 0; SONATA
        // syn_weight may be negative).
        guard w.isFinite else { throw invalid("source \(source) → target \(target): weight \(w) must be finite") }
        switch population.weightType {
        case .int32:
            guard w == w.rounded(), abs(w) <= Double(Int32.max) else {
                throw invalid("source \(source) → target \(target): weight \(w) is not a whole number within ±2^31, but the population stores int32 weights")
            }
        case .float32:
            guard Double(Float(w)) == w else {
                throw invalid("source \(source) → target \(target): weight \(w) is not exactly representable as float32; store float64 weights")
            }
        case .float64:
            break
        }
    }

    private func flush() throws {
        try indptr.append(indptrBuffer)
        try target.append(targetBuffer)
        switch population.weightType {
        case .int32: try weight.append(weightBuffer.map { Int32($0) })
        case .float32: try weight.append(weightBuffer.map { Float($0) })
        case .float64: try weight.append(weightBuffer)
        }
        if let delay { try delay.append(delayBuffer) }
        indptrBuffer.removeAll(keepingCapacity: true)
        targetBuffer.removeAll(keepingCapacity: true)
        weightBuffer.removeAll(keepingCapacity: true)
        delayBuffer.removeAll(keepingCapacity: true)
    }

    /// Writes empty rows for the remaining sources and everything buffered.
    public func finish() throws {
        guard !finished else { return }
        while nextSource < population.sourceCount { indptrBuffer.append(UInt64(edgeCount)); nextSource += 1 }
        try flush()
        try group.setAttribute("n_edges", UInt64(edgeCount))
        finished = true
    }
}
