import CGSL
import ConnectomeCore
import Foundation
import HDF5

/// A dense connectivity matrix stored as the product of two thin factors,
/// W = left · right (left: N_source × r, right: r × N_target), the form of the Allen mouse
/// voxel connectivity model (Knox et al. 2019): 226,346 × 448,962 entries would take 406 GB
/// dense, and a few hundred components take well under 1 GB.
///
/// Stored under `/factorised/<name>/` with datasets `left` and `right` (float64, chunked by
/// rows) and the attributes of an edge population (source/target population, kind,
/// weight semantics, provenance). A single row or column of W costs one row of `left` (or
/// column of `right`) and a matrix–vector product; ``threshold(_:into:progress:)`` turns
/// W into a sparse edge population without ever forming W.
public final class FactorisedPopulation: @unchecked Sendable {
    public let name: String
    public let sourcePopulation: String
    public let targetPopulation: String
    public let kind: SynapseKind
    public let weightSemantics: String
    public let provenance: Provenance
    public let sourceCount: Int
    public let targetCount: Int
    public let rank: Int
    let group: HDF5Group
    let storePath: String

    init(group: HDF5Group, name: String, storePath: String) throws {
        self.group = group
        self.name = name
        self.storePath = storePath
        let attributes = try PopulationAttributes(reading: group, file: storePath)
        sourcePopulation = attributes.sourcePopulation
        targetPopulation = attributes.targetPopulation
        kind = attributes.kind
        weightSemantics = attributes.weightSemantics
        provenance = attributes.provenance
        for dataset in ["left", "right"] where !group.exists(dataset) {
            throw StoreError.invariant(file: storePath, dataset: group.path + "/" + dataset, problem: "dataset is missing")
        }
        let left = try group.dataset("left").dimensions, right = try group.dataset("right").dimensions
        guard left.count == 2, right.count == 2, left[1] == right[0] else {
            throw StoreError.invariant(file: storePath, dataset: group.path,
                                       problem: "left is \(left) and right is \(right); they must be N_source × r and r × N_target")
        }
        sourceCount = left[0]
        rank = left[1]
        targetCount = right[1]
    }

    /// Row `source` of W: the weights from one source node to every target.
    public func row(_ source: Int) throws -> [Double] {
        guard (0..<sourceCount).contains(source) else {
            throw StoreError.invalidContents(what: "factorised population \(name)", problem: "source \(source) outside 0..<\(sourceCount)")
        }
        let l = try group.dataset("left").read(as: Double.self, rows: source..<(source + 1))
        return try rows(of: l, count: 1, right: try rightFactor())
    }

    /// Column `target` of W: the weights from every source onto one target.
    public func column(_ target: Int) throws -> [Double] {
        guard (0..<targetCount).contains(target) else {
            throw StoreError.invalidContents(what: "factorised population \(name)", problem: "target \(target) outside 0..<\(targetCount)")
        }
        let right = try rightFactor()
        let column = (0..<rank).map { right[$0 * targetCount + target] }
        let left = try group.dataset("left").read(as: Double.self)
        var result = [Double](repeating: 0, count: sourceCount)
        cblas_dgemv(CblasRowMajor, CblasNoTrans, Int32(sourceCount), Int32(rank), 1, left, Int32(rank), column, 1, 0, &result, 1)
        return result
    }

    func rightFactor() throws -> [Double] { try group.dataset("right").read(as: Double.self) }

    /// `count` rows of W from the row-major block `left` (count × r).
    func rows(of left: [Double], count: Int, right: [Double]) throws -> [Double] {
        var result = [Double](repeating: 0, count: count * targetCount)
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, Int32(count), Int32(targetCount), Int32(rank),
                    1, left, Int32(rank), right, Int32(targetCount), 0, &result, Int32(targetCount))
        return result
    }

    /// Writes the entries of W at or above `threshold` (and > 0) as a sparse edge population,
    /// computing W in blocks of rows (each a matrix product of about 64 MB), so memory never
    /// holds W. Returns the number of edges kept.
    @discardableResult
    public func threshold(_ threshold: Double, into writer: EdgePopulationStreamWriter,
                          progress: ((Double) -> Void)? = nil) throws -> Int {
        guard threshold.isFinite, threshold > 0 else {
            throw StoreError.invalidContents(what: "threshold of \(name)", problem: "\(threshold) must be a positive finite weight")
        }
        let right = try rightFactor()
        let leftSet = try group.dataset("left")
        let block = max(1, (8 << 20) / max(1, targetCount))
        var start = 0
        while start < sourceCount {
            let end = min(sourceCount, start + block)
            let left = try leftSet.read(as: Double.self, rows: start..<end)
            let w = try rows(of: left, count: end - start, right: right)
            for r in 0..<(end - start) {
                var targets: [UInt32] = [], weights: [Double] = []
                let base = r * targetCount
                for t in 0..<targetCount where w[base + t] >= threshold {
                    targets.append(UInt32(t))
                    weights.append(w[base + t])
                }
                if !targets.isEmpty { try writer.appendRow(source: start + r, targets: targets, weights: weights) }
            }
            start = end
            progress?(Double(start) / Double(sourceCount))
        }
        return writer.edgeCount
    }
}

/// A factorised population to write: W = left · right, both row-major.
public struct FactorisedPopulationContents: Sendable {
    public var name: String
    public var sourcePopulation: String
    public var targetPopulation: String
    public var kind: SynapseKind
    public var weightSemantics: String
    public var provenance: Provenance
    public var rank: Int
    /// N_source × rank, row-major.
    public var left: [Double]
    /// rank × N_target, row-major.
    public var right: [Double]

    public init(name: String, sourcePopulation: String, targetPopulation: String, kind: SynapseKind = .chemical,
                weightSemantics: String = "", provenance: Provenance = Provenance(), rank: Int, left: [Double], right: [Double]) {
        self.name = name
        self.sourcePopulation = sourcePopulation
        self.targetPopulation = targetPopulation
        self.kind = kind
        self.weightSemantics = weightSemantics
        self.provenance = provenance
        self.rank = rank
        self.left = left
        self.right = right
    }
}

extension StreamingStore {
    /// Adds a factorised population between node populations of this store.
    public func addFactorisedPopulation(_ contents: FactorisedPopulationContents) throws {
        let what = "factorised population \(contents.name)"
        guard StoreFormat.isValidName(contents.name) else { throw StoreError.invalidName(kind: "factorised population", name: contents.name) }
        guard let sources = nodeCounts[contents.sourcePopulation] else {
            throw StoreError.invalidContents(what: what, problem: "source population \(contents.sourcePopulation) does not exist")
        }
        guard let targets = nodeCounts[contents.targetPopulation] else {
            throw StoreError.invalidContents(what: what, problem: "target population \(contents.targetPopulation) does not exist")
        }
        guard contents.rank >= 1, contents.left.count == sources * contents.rank, contents.right.count == contents.rank * targets else {
            throw StoreError.invalidContents(what: what, problem: "left must hold \(sources) × r and right r × \(targets) values (r = \(contents.rank)); got \(contents.left.count) and "
                + "\(contents.right.count)")
        }
        if let bad = (contents.left + contents.right).first(where: { !$0.isFinite }) {
            throw StoreError.invalidContents(what: what, problem: "factor entry \(bad) is not finite")
        }
        let group = try root.groupCreatingIfNeeded("factorised").createGroup(contents.name)
        try PopulationAttributes(sourcePopulation: contents.sourcePopulation, targetPopulation: contents.targetPopulation, kind: contents.kind,
                                 weightSemantics: contents.weightSemantics, provenance: contents.provenance).write(to: group)
        try group.setAttribute("rank", UInt64(contents.rank))
        // Chunks of about 64k values, so one row of `left` reads a 512 kB chunk, not the factor.
        try group.createDataset("left", values: contents.left, rows: sources, columns: contents.rank,
                                layout: .chunked(elements: max(1, 65_536 / contents.rank)))
        try group.createDataset("right", values: contents.right, rows: contents.rank, columns: targets,
                                layout: .chunked(elements: 1))
    }
}

extension StreamingStore {
    /// A factorised population already written to this store (to threshold it while writing).
    public func factorisedPopulation(_ name: String) throws -> FactorisedPopulation {
        try FactorisedPopulation(group: try root.group("factorised/\(name)"), name: name, storePath: "(store being written)")
    }
}

extension StoreFile {
    /// Names of the factorised populations, sorted.
    public var factorisedPopulationNames: [String] {
        get throws { root.exists("factorised") ? try root.group("factorised").childNames().sorted() : [] }
    }

    /// The factorised population `name`.
    public func factorisedPopulation(_ name: String) throws -> FactorisedPopulation {
        guard root.exists("factorised/\(name)") else {
            throw StoreError.unknownPopulation(file: path, name: name)
        }
        return try FactorisedPopulation(group: try root.group("factorised/\(name)"), name: name, storePath: path)
    }
}
