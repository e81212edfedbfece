import ConnectomeCore
import ConnectomeStore
import Foundation

/// Imports an edge list of any size into a new store in bounded memory.
///
/// The edge file is read in blocks of lines (each parsed on all cores), every edge becomes a
/// 24-byte record keyed by (edge population, source, target), and records are sorted by an
/// external merge sort (``ExternalSort``) into CSR order and streamed into the store by
/// ``EdgePopulationStreamWriter``. Memory is two run buffers (`runLength` × 24 bytes each),
/// one block of text and the node tables; the default run of 2^24 edges keeps the total
/// near 1 GB for any number of edges. The result equals ``CSVImport`` on the same input,
/// except that no reverse (by-target) index is built.
public enum StreamedCSVImport {
    public struct Options: Sendable {
        /// Edges per sorted run.
        public var runLength = 1 << 24
        /// Bytes of text per block.
        public var blockBytes = 64 << 20
        /// Where run files go (default: next to the store).
        public var temporaryDirectory: String?
        /// Non-nil when the file is promised sorted (chemical rows before electrical ones,
        /// grouped by (pre population, post population) in node-file order, then sorted by
        /// pre and post in node-file order, gap junctions written as pre ≤ post): it is then
        /// written in one pass, without runs, with weights of this type, and a row out of order
        /// is an error.
        public var sortedWeightType: StreamedWeightType?

        public init(runLength: Int = 1 << 24, blockBytes: Int = 64 << 20, temporaryDirectory: String? = nil,
                    sortedWeightType: StreamedWeightType? = nil) {
            self.runLength = runLength
            self.blockBytes = blockBytes
            self.temporaryDirectory = temporaryDirectory
            self.sortedWeightType = sortedWeightType
        }
    }

    public struct Summary: Sendable, Codable {
        public var edges: [String: Int]
        public var runs: Int
        public var seconds: Double
    }

    /// Imports `edgesPath` as connectome `name` into a new store at `storePath`. Without node
    /// files, one population `<name>_nodes` is made from the names in the edge file (an extra
    /// streamed pass). On any error no store and no temporary file is left behind.
    public static func importConnectome(name: String, edgesPath: String, nodes nodeSources: [NodeSource],
                                        metadata: ConnectomeMetadata, storePath: String, options: Options = Options(),
                                        progress: ((Double) -> Void)? = nil) throws -> Summary {
        let clock = Date()
        guard StoreFormat.isValidName(name) else { throw StoreError.invalidName(kind: "connectome", name: name) }
        try requireNewStore(storePath)
        var populations: [(name: String, table: NodeTable)] = []
        var contents: [NodePopulationContents] = []
        var checksums = metadata.sourceChecksums
        if nodeSources.isEmpty {
            let table = NodeTable(names: try streamedNames(edgesPath, blockBytes: options.blockBytes))
            populations.append((name + "_nodes", table))
            contents.append(NodePopulationContents(name: name + "_nodes", provenance: metadata.provenance, table: table))
        }
        for source in nodeSources {
            guard StoreFormat.isValidName(source.name) else { throw StoreError.invalidName(kind: "node population", name: source.name) }
            let table = try NodeCSV.read(path: source.path)
            populations.append((source.name, table))
            contents.append(NodePopulationContents(name: source.name, species: source.species, provenance: source.provenance, table: table))
            checksums[URL(fileURLWithPath: source.path).lastPathComponent] = try SHA256.hexDigest(ofFile: source.path)
        }
        let directory = try NodeDirectory(populations)
        let largest = UInt64(max(1, populations.map(\.table.count).max() ?? 1))
        let groups = UInt64(2 * populations.count * populations.count)
        guard groups.multipliedReportingOverflow(by: largest).partialValue.multipliedReportingOverflow(by: largest).overflow == false,
              Double(groups) * Double(largest) * Double(largest) < 0x1p63 else {
            throw ImportError(file: edgesPath, "too many nodes for the streamed import's 64-bit sort key (\(populations.count) populations of up to \(largest) nodes)")
        }
        let temporary = try runDirectory(for: storePath, options: options)
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        // Per edge population (as the in-memory import decides): int32 when every weight is
        // whole, else float32 when exact, else float64. Input promised sorted is written in
        // one pass, so its weight type must be given (default float64).
        let groupCount = 2 * populations.count * populations.count
        var integerWeights = [Bool](repeating: true, count: groupCount), float32Weights = [Bool](repeating: true, count: groupCount)
        let sorter = ExternalSort(runLength: options.runLength, directory: temporary)
        var totalEdges = 0
        // Parses every block, handing its records to `body` in file order.
        func parseBlocks(_ body: ([SortRecord], CSVBlocks) throws -> Void) throws {
            var blocks = try CSVBlocks(path: edgesPath, blockBytes: options.blockBytes)
            var columns: EdgeCSV.Columns?
            while let (reader, firstLine) = try blocks.next() {
                if columns == nil { columns = try EdgeCSV.headerColumns(reader) }
                try body(try parse(reader, firstLine: firstLine, columns: columns!, nodes: directory, largest: largest,
                                   populationNames: populations.map(\.name), skipHeader: firstLine == 1), blocks)
            }
            guard columns != nil else { throw ImportError(file: edgesPath, "the file is empty; expected a header pre,post,kind,weight") }
        }
        if options.sortedWeightType == nil {
            // Pass 1: parse blocks into sorted runs.
            try parseBlocks { records, blocks in
                for record in records {
                    let g = Int(record.key / largest / largest)
                    if integerWeights[g] && !(record.weight == record.weight.rounded() && record.weight <= Double(Int32.max)) { integerWeights[g] = false }
                    if float32Weights[g] && Double(Float(record.weight)) != record.weight { float32Weights[g] = false }
                    try sorter.append(record)
                }
                totalEdges += records.count
                progress?(0.5 * Double(blocks.consumed) / Double(max(1, blocks.size)))
            }
        }
        // The checksum is computed on the other core during the merge, which is single-threaded.
        let checksum = ParallelResults<String>(count: 1)
        let hashing = DispatchGroup()
        DispatchQueue.global().async(group: hashing) { checksum.set(0, Result { try SHA256.hexDigest(ofFile: edgesPath) }) }

        // Pass 2: merge runs (or read the sorted file) into edge populations.
        let p = populations.count
        func group(of key: UInt64) -> Int { Int(key / largest / largest) }
        func populationName(_ g: Int) -> (name: String, kind: SynapseKind, source: Int, target: Int) {
            let kind: SynapseKind = g < p * p ? .chemical : .electrical
            let rest = g % (p * p), source = rest / p, target = rest % p
            return ("\(name).\(kind.rawValue).\(populations[source].name).\(populations[target].name)", kind, source, target)
        }
        func describe(_ key: UInt64) -> String {
            let info = populationName(group(of: key))
            let within = key % (largest * largest)
            let pre = populations[info.source].table.names[Int(within / largest)], post = populations[info.target].table.names[Int(within % largest)]
            return info.kind.isSymmetric ? "gap junction \(pre)–\(post)" : "\(info.kind.rawValue) edge \(pre)→\(post)"
        }
        var edgeNames: [String] = []
        var counts: [String: Int] = [:]
        try StoreWriter.writeStreaming(nodes: contents, connectomes: [], to: storePath) { store in
            defer { hashing.wait() }
            var writer: EdgePopulationStreamWriter?
            var currentGroup = -1, currentSource = -1
            var previousKey = UInt64.max, previousLine: UInt64 = 0
            var rowTargets: [UInt32] = [], rowWeights: [Double] = []
            var merged = 0
            func flushRow() throws {
                guard let writer, !rowTargets.isEmpty else { return }
                try writer.appendRow(source: currentSource, targets: rowTargets, weights: rowWeights)
                rowTargets.removeAll(keepingCapacity: true)
                rowWeights.removeAll(keepingCapacity: true)
            }
            func consume(_ record: SortRecord) throws {
                let g = group(of: record.key)
                let within = record.key % (largest * largest)
                let source = Int(within / largest), target = UInt32(within % largest)
                if record.key == previousKey {
                    let what = describe(record.key) + (populationName(g).kind.isSymmetric ? " (listed once per pair; the order of pre and post does not matter)" : "")
                    throw ImportError(file: edgesPath, line: Int(max(record.line, previousLine)),
                                      "duplicate \(what), first on line \(min(record.line, previousLine)); merge the two rows into one")
                }
                if previousKey != UInt64.max && record.key < previousKey {
                    // Only input promised sorted gets here (a merge is always in order).
                    throw ImportError(file: edgesPath, line: Int(record.line),
                                      "the file is not sorted, as --sorted promised: \(describe(record.key)) comes after \(describe(previousKey)) (line \(previousLine)); rows must come chemical before electrical, grouped by (pre population, post population) in node-file order, then sorted by pre, then post, in node-file order, with each gap junction written as pre ≤ post; drop --sorted to have them sorted")
                }
                switch options.sortedWeightType {
                case .int32? where !(record.weight == record.weight.rounded() && record.weight <= Double(Int32.max)):
                    throw ImportError(file: edgesPath, line: Int(record.line), "weight \(record.weight) is not a whole number, but --sorted int32 was given; use --sorted float64")
                case .float32? where Double(Float(record.weight)) != record.weight:
                    throw ImportError(file: edgesPath, line: Int(record.line), "weight \(record.weight) is not exact in float32; use --sorted float64")
                default: break
                }
                previousKey = record.key
                previousLine = record.line
                if g != currentGroup {
                    try flushRow()
                    try writer?.finish()
                    let info = populationName(g)
                    writer = try store.addEdgePopulation(StreamedEdgePopulation(
                        name: info.name, sourcePopulation: populations[info.source].name, targetPopulation: populations[info.target].name,
                        sourceCount: populations[info.source].table.count, targetCount: populations[info.target].table.count,
                        kind: info.kind, weightSemantics: metadata.weightSemantics, provenance: metadata.provenance,
                        weightType: options.sortedWeightType ?? (integerWeights[g] ? .int32 : (float32Weights[g] ? .float32 : .float64))))
                    edgeNames.append(info.name)
                    currentGroup = g
                    currentSource = -1
                }
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
            if options.sortedWeightType != nil {
                try parseBlocks { records, blocks in
                    for record in records { try consume(record) }
                    progress?(Double(blocks.consumed) / Double(max(1, blocks.size)))
                }
            } else {
                try sorter.forEachSorted(consume)
            }
            try flushRow()
            try writer?.finish()
            for writer in store.writers { counts[writer.population.name] = writer.edgeCount }
            hashing.wait()
            checksums[URL(fileURLWithPath: edgesPath).lastPathComponent] = try checksum.values[0].get()
            try store.addConnectome(ConnectomeContents(
                name: name, description: metadata.description, provenance: metadata.provenance,
                weightSemantics: metadata.weightSemantics, sourceChecksums: checksums,
                nodePopulations: populations.map(\.name), edgePopulations: edgeNames))
        }
        progress?(1)
        return Summary(edges: counts, runs: options.sortedWeightType != nil ? 0 : max(1, sorter.spilledRuns),
                       seconds: Date().timeIntervalSince(clock))
    }

    /// The block's edges as sort records, parsed in two halves on two cores.
    /// Streamed imports write new stores only (adding would copy the existing store).
    static func requireNewStore(_ storePath: String) throws {
        guard !FileManager.default.fileExists(atPath: storePath) else {
            throw ImportError(file: storePath, "the streamed import writes a new store, and this file exists; choose another --store or remove it")
        }
    }

    /// A new hidden directory for sorted runs, in `options.temporaryDirectory` or beside the
    /// store; the caller removes it.
    static func runDirectory(for storePath: String, options: Options) throws -> String {
        let path = (options.temporaryDirectory ?? URL(fileURLWithPath: storePath).deletingLastPathComponent().path)
            + "/.plexus-import-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: false) } catch {
            throw ImportError(file: path, "cannot create the directory for sorted runs (\(error.localizedDescription))")
        }
        return path
    }

    /// Gap junctions between two populations are oriented from the alphabetically first
    /// population (the store's rule), so each lands in one group already in CSR order.
    static func parse(_ reader: CSVReader, firstLine: Int, columns: EdgeCSV.Columns, nodes: NodeDirectory, largest: UInt64,
                      populationNames: [String], skipHeader: Bool) throws -> [SortRecord] {
        let p = populationNames.count
        let split = reader.chunks(parts: 2)
        let chunks = [split.header] + split.body
        let results = ParallelResults<[SortRecord]>(count: chunks.count)
        let directories = [nodes] + (1..<chunks.count).map { _ in nodes.independentCopy() }
        DispatchQueue.concurrentPerform(iterations: chunks.count) { k in
            results.set(k, Result {
                var records: [SortRecord] = []
                records.reserveCapacity(chunks[k].bytes.count / 16)
                try reader.forEachRow(in: chunks[k]) { localLine, row in
                    let line = localLine + firstLine - 1
                    if skipHeader && line <= columns.headerLine { return }
                    var edge = try EdgeCSV.parseEdge(row, line: line, columns: columns, nodes: directories[k], path: reader.path)
                    if edge.kind.isSymmetric && populationNames[edge.source.population] > populationNames[edge.target.population] {
                        swap(&edge.source, &edge.target)
                    }
                    let group = UInt64((edge.kind == .chemical ? 0 : 1) * p * p + edge.source.population * p + edge.target.population)
                    let key = (group * largest + UInt64(edge.source.index)) * largest + UInt64(edge.target.index)
                    records.append(SortRecord(key: key, weight: edge.weight, line: UInt64(line)))
                }
                return records
            })
        }
        return try results.values.flatMap { try $0.get() }
    }

    /// The distinct cell names of an edge file, sorted, read block by block.
    static func streamedNames(_ path: String, blockBytes: Int) throws -> [String] {
        var blocks = try CSVBlocks(path: path, blockBytes: blockBytes)
        var names: [String] = []
        var seen = ByteNameIndex(capacity: 1 << 16)
        var columns: EdgeCSV.Columns?
        while let (reader, firstLine) = try blocks.next() {
            if columns == nil { columns = try EdgeCSV.headerColumns(reader) }
            try reader.forEachRow { localLine, row in
                guard localLine + firstLine - 1 > columns!.headerLine, row.count == columns!.count else { return }
                for column in [columns!.pre, columns!.post] {
                    // A name already seen costs a hash lookup on its bytes, no String.
                    if let bytes = row.trimmedBytes(column), seen.value(for: bytes) != nil { continue }
                    let name = row.string(column)
                    if !name.isEmpty && seen.insert(name, 0) { names.append(name) }
                }
            }
        }
        return names.sorted()
    }
}
