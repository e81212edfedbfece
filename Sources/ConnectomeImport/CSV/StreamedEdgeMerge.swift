import ConnectomeCore
import ConnectomeStore
import Foundation

/// The 64-bit sort key of a streamed edge: (group, source, target) with
/// group = kind × p² + source population × p + target population, and indices below `largest`.
struct StreamedKeys {
    let connectome: String
    let populations: [(name: String, table: NodeTable)]
    let largest: UInt64
    var groupCount: Int { 2 * populations.count * populations.count }

    init(connectome: String, populations: [(name: String, table: NodeTable)], edgesPath: String) throws {
        self.connectome = connectome
        self.populations = populations
        largest = UInt64(max(1, populations.map(\.table.count).max() ?? 1))
        let groups = UInt64(2 * populations.count * populations.count)
        guard groups.multipliedReportingOverflow(by: largest).partialValue.multipliedReportingOverflow(by: largest).overflow == false,
              Double(groups) * Double(largest) * Double(largest) < 0x1p63 else {
            throw ImportError(file: edgesPath, "too many nodes for the streamed import's 64-bit sort key (\(populations.count) populations of up to \(largest) nodes)")
        }
    }

    func group(of key: UInt64) -> Int { Int(key / largest / largest) }

    /// The edge population of group `g`.
    func population(_ g: Int) -> (name: String, kind: SynapseKind, source: Int, target: Int) {
        let p = populations.count
        let kind: SynapseKind = g < p * p ? .chemical : .electrical
        let rest = g % (p * p), source = rest / p, target = rest % p
        return (EdgePopulationName.make(connectome: connectome, kind: kind, source: populations[source].name, target: populations[target].name),
                kind, source, target)
    }

    /// "chemical edge A→B" or "gap junction A–B", for messages.
    func describe(_ key: UInt64) -> String {
        let info = population(group(of: key))
        let within = key % (largest * largest)
        let pre = populations[info.source].table.names[Int(within / largest)], post = populations[info.target].table.names[Int(within % largest)]
        return info.kind.isSymmetric ? "gap junction \(pre)–\(post)" : "\(info.kind.rawValue) edge \(pre)→\(post)"
    }
}

/// Per edge population, the narrowest weight type that holds every weight exactly (as the
/// in-memory import decides): int32 when all are whole, else float32 when exact, else float64.
struct WeightTypes {
    private var integer: [Bool], float32: [Bool]

    init(groups: Int) {
        integer = Array(repeating: true, count: groups)
        float32 = Array(repeating: true, count: groups)
    }

    mutating func observe(_ record: SortRecord, group g: Int) {
        if integer[g] && !(record.weight == record.weight.rounded() && record.weight <= Double(Int32.max)) { integer[g] = false }
        if float32[g] && Double(Float(record.weight)) != record.weight { float32[g] = false }
    }

    func type(of g: Int) -> StreamedWeightType { integer[g] ? .int32 : (float32[g] ? .float32 : .float64) }
}

/// Sorted records streamed into edge populations row by row, one writer per group; a
/// duplicate, an out-of-order row (for input promised sorted) or a weight the promised type
/// cannot hold is an error naming the line.
final class StreamedEdgeMerge {
    private let store: StreamingStore
    private let keys: StreamedKeys
    private let weightTypes: WeightTypes
    private let options: StreamedCSVImport.Options
    private let metadata: ConnectomeMetadata
    private let edgesPath: String
    private let totalEdges: Int
    private let progress: ((Double) -> Void)?
    private(set) var edgeNames: [String] = []
    private var writer: EdgePopulationStreamWriter?
    private var currentGroup = -1, currentSource = -1
    private var previousKey = UInt64.max, previousLine: UInt64 = 0
    private var rowTargets: [UInt32] = [], rowWeights: [Double] = []
    private var merged = 0

    init(store: StreamingStore, keys: StreamedKeys, weightTypes: WeightTypes, options: StreamedCSVImport.Options,
         metadata: ConnectomeMetadata, edgesPath: String, totalEdges: Int, progress: ((Double) -> Void)?) {
        self.store = store
        self.keys = keys
        self.weightTypes = weightTypes
        self.options = options
        self.metadata = metadata
        self.edgesPath = edgesPath
        self.totalEdges = totalEdges
        self.progress = progress
    }

    func consume(_ record: SortRecord) throws {
        try check(record)
        previousKey = record.key
        previousLine = record.line
        let g = keys.group(of: record.key)
        let within = record.key % (keys.largest * keys.largest)
        let source = Int(within / keys.largest), target = UInt32(within % keys.largest)
        if g != currentGroup { try openGroup(g) }
        if source != currentSource {
            try flushRow()
            currentSource = source
        }
        rowTargets.append(target)
        rowWeights.append(record.weight)
        merged += 1
        if merged & 0xFFFFF == 0 && options.sortedWeightType == nil {
            progress?(0.5 + 0.5 * Double(merged) / Double(max(1, totalEdges)))
        }
    }

    /// Writes the last row and closes the last population.
    func finish() throws {
        try flushRow()
        try writer?.finish()
    }

    private func check(_ record: SortRecord) throws {
        if record.key == previousKey {
            let what = keys.describe(record.key) + (keys.population(keys.group(of: record.key)).kind.isSymmetric
                ? " (listed once per pair; the order of pre and post does not matter)" : "")
            throw ImportError(file: edgesPath, line: Int(max(record.line, previousLine)),
                              "duplicate \(what), first on line \(min(record.line, previousLine)); merge the two rows into one")
        }
        if previousKey != UInt64.max && record.key < previousKey {
            // Only input promised sorted gets here (a merge is always in order).
            throw ImportError(file: edgesPath, line: Int(record.line),
                              "the file is not sorted, as --sorted promised: \(keys.describe(record.key)) comes after \(keys.describe(previousKey)) (line \(previousLine)); rows must come chemical "
                                  + "before electrical, grouped by (pre population, post population) in node-file order, then sorted by pre, then post, in node-file order, with each gap junction "
                                      + "written as pre ≤ post; drop --sorted to have them sorted")
        }
        switch options.sortedWeightType {
        case .int32? where !(record.weight == record.weight.rounded() && record.weight <= Double(Int32.max)):
            throw ImportError(file: edgesPath, line: Int(record.line), "weight \(record.weight) is not a whole number, but --sorted int32 was given; use --sorted float64")
        case .float32? where Double(Float(record.weight)) != record.weight:
            throw ImportError(file: edgesPath, line: Int(record.line), "weight \(record.weight) is not exact in float32; use --sorted float64")
        default: break
        }
    }

    private func openGroup(_ g: Int) throws {
        try flushRow()
        try writer?.finish()
        let info = keys.population(g)
        let source = keys.populations[info.source], target = keys.populations[info.target]
        writer = try store.addEdgePopulation(StreamedEdgePopulation(
            name: info.name, sourcePopulation: source.name, targetPopulation: target.name,
            sourceCount: source.table.count, targetCount: target.table.count,
            kind: info.kind, weightSemantics: metadata.weightSemantics, provenance: metadata.provenance,
            weightType: options.sortedWeightType ?? weightTypes.type(of: g)))
        edgeNames.append(info.name)
        currentGroup = g
        currentSource = -1
    }

    private func flushRow() throws {
        guard let writer, !rowTargets.isEmpty else { return }
        try writer.appendRow(source: currentSource, targets: rowTargets, weights: rowWeights)
        rowTargets.removeAll(keepingCapacity: true)
        rowWeights.removeAll(keepingCapacity: true)
    }
}
