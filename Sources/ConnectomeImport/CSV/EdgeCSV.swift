import ConnectomeCore
import Foundation

/// Edges of one kind between two node populations, parsed from an edge file, with the
/// line each edge came from (for error messages).
public struct EdgeGroup: Sendable {
    public var kind: SynapseKind
    public var sourcePopulation: Int
    public var targetPopulation: Int
    public var edges = EdgeList()
    public var lines: [Int] = []
}

/// Reads and writes edge lists as CSV with columns `pre,post,kind,weight`.
///
/// `kind` is `chemical` or `electrical` (optional column; absent means chemical). Weights
/// must be finite and ≥ 0: they count or measure contacts, and the sign of a synapse comes
/// from its presynaptic transmitter, not from the connectome. Gap junctions must be listed
/// once per pair; each is stored once, oriented from the lower to the higher index (or from
/// the alphabetically first population).
public enum EdgeCSV {
    public static let header = ["pre", "post", "kind", "weight"]
    private static let chemicalBytes = Array("chemical".utf8), electricalBytes = Array("electrical".utf8)

    /// The distinct cell names used in an edge file, sorted (to build a population when no node file is given).
    public static func names(in path: String) throws -> [String] {
        let reader = try CSVReader(path: path)
        let columns = try headerColumns(reader)
        var names: [String] = []
        var seen = ByteNameIndex(capacity: 1 << 16)
        func add(_ row: CSVRow, _ column: Int) {
            if let bytes = row.trimmedBytes(column), seen.value(for: bytes) != nil { return }
            let name = row.string(column)
            if !name.isEmpty && seen.insert(name, 0) { names.append(name) }
        }
        try reader.forEachRow { line, row in
            guard line > columns.headerLine else { return }
            guard row.count == columns.count else { return }
            add(row, columns.pre)
            add(row, columns.post)
        }
        return names.sorted()
    }

    /// Parses an edge file, resolving names through `nodes`, and groups edges by
    /// (kind, source population, target population).
    public static func read(path: String, nodes: NodeDirectory) throws -> [EdgeGroup] {
        try read(CSVReader(path: path), nodes: nodes)
    }

    /// Parses `reader`'s rows; large quote-free files are parsed in two halves on two cores
    /// and merged in file order, so the result (and any error reported) is the same as a
    /// sequential parse.
    public static func read(_ reader: CSVReader, nodes: NodeDirectory, parallel: Bool = true) throws -> [EdgeGroup] {
        let columns = try headerColumns(reader)
        let chunks = columns.headerLine == 1 && parallel ? reader.chunks(parts: 2).body
                                                         : [CSVReader.Chunk(bytes: 0..<Int.max, firstLine: 1)]
        let results = ParallelResults<[Int: EdgeGroup]>(count: chunks.count)
        let directories = [nodes] + (1..<max(1, chunks.count)).map { _ in nodes.independentCopy() }
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            results.set(k, Result { try parse(reader, chunks[k], columns: columns, nodes: directories[k]) })
        }
        var groups: [Int: EdgeGroup] = [:]
        for partial in results.values {
            for (key, group) in try partial.get() {
                if var merged = groups[key] {
                    merged.edges.sources += group.edges.sources
                    merged.edges.targets += group.edges.targets
                    merged.edges.weights += group.edges.weights
                    merged.lines += group.lines
                    groups[key] = merged
                } else {
                    groups[key] = group
                }
            }
        }
        let result = groups.keys.sorted().map { groups[$0]! }
        for group in result { try rejectDuplicates(group, path: reader.path, nodes: nodes) }
        return result
    }

    /// Edge groups keyed by (kind, source population, target population) for one chunk.
    private static func parse(_ reader: CSVReader, _ chunk: CSVReader.Chunk, columns: Columns,
                              nodes: NodeDirectory) throws -> [Int: EdgeGroup] {
        let populationCount = nodes.populations.count
        // One builder per (kind, source population, target population), found by direct
        // index: a dictionary lookup per row cost more than parsing the row.
        let builders = (0..<(2 * populationCount * populationCount)).map { _ in GroupBuilder() }
        let body = { (line: Int, row: CSVRow) throws in
            guard line > columns.headerLine else { return }
            let edge = try parseEdge(row, line: line, columns: columns, nodes: nodes, path: reader.path)
            let key = (edge.kind == .chemical ? 0 : 1) * populationCount * populationCount + edge.source.population * populationCount + edge.target.population
            builders[key].append(source: edge.source.index, target: edge.target.index, weight: edge.weight, line: line)
        }
        if chunk.bytes.upperBound == Int.max { try reader.forEachRow(body) } else { try reader.forEachRow(in: chunk, body) }
        var groups: [Int: EdgeGroup] = [:]
        for (key, builder) in builders.enumerated() where !builder.sources.isEmpty {
            let rest = key % (populationCount * populationCount)
            groups[key] = EdgeGroup(kind: key < populationCount * populationCount ? .chemical : .electrical,
                                    sourcePopulation: rest / populationCount, targetPopulation: rest % populationCount,
                                    edges: EdgeList(sources: builder.sources, targets: builder.targets, weights: builder.weights),
                                    lines: builder.lines)
        }
        return groups
    }

    /// One row of an edge file, resolved and checked; gap junctions already oriented as stored.
    struct ParsedEdge {
        var kind: SynapseKind
        var source: (population: Int, index: UInt32)
        var target: (population: Int, index: UInt32)
        var weight: Double
    }

    /// Parses one data row: known cell names, a known kind, a finite weight ≥ 0.
    @inline(__always)
    static func parseEdge(_ row: CSVRow, line: Int, columns: Columns, nodes: NodeDirectory, path: String) throws -> ParsedEdge {
        guard row.count == columns.count else {
            throw ImportError(file: path, line: line, "expected \(columns.count) fields, found \(row.count)")
        }
        func cell(_ column: Int, _ label: String) throws -> (population: Int, index: UInt32) {
            if let bytes = row.trimmedBytes(column), let found = nodes.resolve(bytes: bytes) { return found }
            let name = row.string(column)
            guard let found = nodes.resolve(name) else { throw unknown(name, label, path, line, nodes) }
            return found
        }
        let pre = try cell(columns.pre, "pre"), post = try cell(columns.post, "post")
        var kind = SynapseKind.chemical
        if let kindColumn = columns.kind {
            if let bytes = row.trimmedBytes(kindColumn), bytes.elementsEqual(chemicalBytes) {
                kind = .chemical
            } else if let bytes = row.trimmedBytes(kindColumn), bytes.elementsEqual(electricalBytes) {
                kind = .electrical
            } else {
                throw ImportError(file: path, line: line, "kind \"\(row.string(kindColumn))\" is not chemical or electrical")
            }
        }
        guard let weight = row.double(columns.weight) else {
            throw ImportError(file: path, line: line, "weight \"\(row.string(columns.weight))\" is not a number")
        }
        guard weight.isFinite else {
            throw ImportError(file: path, line: line, "weight is \(weight); weights must be finite numbers")
        }
        guard weight >= 0 else {
            throw ImportError(file: path, line: line, "weight \(row.string(columns.weight)) is negative; connectome weights count or measure contacts (≥ 0) and the sign comes from the presynaptic "
                + "transmitter")
        }
        var (source, target) = (pre, post)
        if kind.isSymmetric && (source.population, source.index) > (target.population, target.index) {
            swap(&source, &target)
        }
        return ParsedEdge(kind: kind, source: source, target: target, weight: weight)
    }

    /// Parallel arrays appended to in place (a class, so appends need no copy-on-write check
    /// through a dictionary or optional).
    private final class GroupBuilder {
        var sources: [UInt32] = [], targets: [UInt32] = [], weights: [Double] = [], lines: [Int] = []
        @inline(__always) func append(source: UInt32, target: UInt32, weight: Double, line: Int) {
            sources.append(source)
            targets.append(target)
            weights.append(weight)
            lines.append(line)
        }
    }

    struct Columns { var pre: Int; var post: Int; var kind: Int?; var weight: Int; var count: Int; var headerLine: Int }

    static func headerColumns(_ reader: CSVReader) throws -> Columns {
        var header: [String]? = nil
        var headerLine = 0
        struct Stop: Error {}
        do {
            try reader.forEachRow { line, row in
                header = (0..<row.count).map { row.string($0) }
                headerLine = line
                throw Stop()
            }
        } catch is Stop {}
        guard let header else { throw ImportError(file: reader.path, "the file is empty; expected a header pre,post,kind,weight") }
        func column(_ name: String) throws -> Int {
            guard let index = header.firstIndex(of: name) else {
                throw ImportError(file: reader.path, line: headerLine, "missing column \"\(name)\" (header is \(header.joined(separator: ","))); edge files need pre,post,kind,weight")
            }
            return index
        }
        return Columns(pre: try column("pre"), post: try column("post"), kind: header.firstIndex(of: "kind"),
                       weight: try column("weight"), count: header.count, headerLine: headerLine)
    }

    static func unknown(_ name: String, _ column: String, _ path: String, _ line: Int, _ nodes: NodeDirectory) -> ImportError {
        guard !name.isEmpty else { return ImportError(file: path, line: line, "empty \(column) name") }
        let hint = NameSuggestions.hint(for: name, in: nodes.allNames)
        let populations = nodes.populations.map(\.name).joined(separator: ", ")
        return ImportError(file: path, line: line, "unknown cell \"\(name)\" in column \(column): it is not in the node populations (\(populations))\(hint)")
    }

    /// A repeated (pre, post, kind) — or, for gap junctions, a pair listed in both orders —
    /// is an error rather than silently summed, because it usually means a merge went wrong.
    private static func rejectDuplicates(_ group: EdgeGroup, path: String, nodes: NodeDirectory) throws {
        let list = group.edges
        let sourceCount = nodes.populations[group.sourcePopulation].table.count
        let (indptr, order) = CompressedSparseRows.order(sources: list.sources, targets: list.targets, sourceCount: sourceCount)
        for s in 0..<sourceCount {
            let lower = Int(indptr[s]), upper = Int(indptr[s + 1])
            guard upper - lower > 1 else { continue }
            for k in (lower + 1)..<upper where list.targets[Int(order[k])] == list.targets[Int(order[k - 1])] {
                let a = Int(order[k - 1]), b = Int(order[k])
                let pre = nodes.populations[group.sourcePopulation].table.names[Int(list.sources[b])]
                let post = nodes.populations[group.targetPopulation].table.names[Int(list.targets[b])]
                let what = group.kind.isSymmetric ? "gap junction \(pre)–\(post) (listed once per pair; the order of pre and post does not matter)" : "\(group.kind.rawValue) edge \(pre)→\(post)"
                throw ImportError(file: path, line: group.lines[b], "duplicate \(what), first on line \(group.lines[a]); merge the two rows into one")
            }
        }
    }
}
