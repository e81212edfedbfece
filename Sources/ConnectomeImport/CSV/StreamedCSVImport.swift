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
        var nodes = try readNodes(nodeSources, connectome: name, edgesPath: edgesPath, metadata: metadata, options: options)
        let directory = try NodeDirectory(nodes.populations)
        let keys = try StreamedKeys(connectome: name, populations: nodes.populations, edgesPath: edgesPath)
        let temporary = try runDirectory(for: storePath, options: options)
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        let sorter = ExternalSort(runLength: options.runLength, directory: temporary)
        var weightTypes = WeightTypes(groups: keys.groupCount)
        var totalEdges = 0
        // Parses every block, handing its records to `body` in file order.
        func parseBlocks(_ body: ([SortRecord], CSVBlocks) throws -> Void) throws {
            var blocks = try CSVBlocks(path: edgesPath, blockBytes: options.blockBytes)
            var columns: EdgeCSV.Columns?
            while let (reader, firstLine) = try blocks.next() {
                if columns == nil { columns = try EdgeCSV.headerColumns(reader) }
                try body(try parse(reader, firstLine: firstLine, columns: columns!, nodes: directory, largest: keys.largest,
                                   populationNames: nodes.populations.map(\.name), skipHeader: firstLine == 1), blocks)
            }
            guard columns != nil else { throw ImportError(file: edgesPath, "the file is empty; expected a header pre,post,kind,weight") }
        }
        if options.sortedWeightType == nil {
            // Pass 1: parse blocks into sorted runs, noting each population's weight type.
            try parseBlocks { records, blocks in
                for record in records {
                    weightTypes.observe(record, group: keys.group(of: record.key))
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
        var counts: [String: Int] = [:]
        try StoreWriter.writeStreaming(nodes: nodes.contents, connectomes: [], to: storePath) { store in
            defer { hashing.wait() }
            let merge = StreamedEdgeMerge(store: store, keys: keys, weightTypes: weightTypes, options: options, metadata: metadata,
                                          edgesPath: edgesPath, totalEdges: totalEdges, progress: progress)
            if options.sortedWeightType != nil {
                try parseBlocks { records, blocks in
                    for record in records { try merge.consume(record) }
                    progress?(Double(blocks.consumed) / Double(max(1, blocks.size)))
                }
            } else {
                try sorter.forEachSorted(merge.consume)
            }
            try merge.finish()
            for writer in store.writers { counts[writer.population.name] = writer.edgeCount }
            hashing.wait()
            nodes.checksums[URL(fileURLWithPath: edgesPath).lastPathComponent] = try checksum.values[0].get()
            try store.addConnectome(ConnectomeContents(
                name: name, description: metadata.description, provenance: metadata.provenance,
                weightSemantics: metadata.weightSemantics, sourceChecksums: nodes.checksums,
                nodePopulations: nodes.populations.map(\.name), edgePopulations: merge.edgeNames))
        }
        progress?(1)
        return Summary(edges: counts, runs: options.sortedWeightType != nil ? 0 : max(1, sorter.spilledRuns),
                       seconds: Date().timeIntervalSince(clock))
    }

    /// The node populations (from node files, or one made from the names in the edge file),
    /// what the store records of them, and the checksums of the files read.
    static func readNodes(_ sources: [NodeSource], connectome name: String, edgesPath: String, metadata: ConnectomeMetadata,
                          options: Options) throws
        -> (populations: [(name: String, table: NodeTable)], contents: [NodePopulationContents], checksums: [String: String]) {
        var populations: [(name: String, table: NodeTable)] = []
        var contents: [NodePopulationContents] = []
        var checksums = metadata.sourceChecksums
        if sources.isEmpty {
            let table = NodeTable(names: try streamedNames(edgesPath, blockBytes: options.blockBytes))
            populations.append((name + "_nodes", table))
            contents.append(NodePopulationContents(name: name + "_nodes", provenance: metadata.provenance, table: table))
        }
        for source in sources {
            guard StoreFormat.isValidName(source.name) else { throw StoreError.invalidName(kind: "node population", name: source.name) }
            let table = try NodeCSV.read(path: source.path)
            populations.append((source.name, table))
            contents.append(NodePopulationContents(name: source.name, species: source.species, provenance: source.provenance, table: table))
            checksums[URL(fileURLWithPath: source.path).lastPathComponent] = try SHA256.hexDigest(ofFile: source.path)
        }
        return (populations, contents, checksums)
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
