import ConnectomeCore
import ConnectomeStore
import Foundation
import HDF5

/// Imports a SONATA circuit whose `edges.h5` may not fit in memory: each edge population's
/// `source_node_id`, `target_node_id` and `0/syn_weight` are read in blocks of 4·10^6 edges,
/// sorted into CSR order by the external sort of ``StreamedCSVImport`` and streamed into a new
/// store. Nodes are read as by ``SONATAImport`` (node tables fit in memory even for 10^6
/// cells). The result equals ``SONATAImport`` except that no reverse index is written.
public enum StreamedSONATAImport {
    public static func importCircuit(directory: String, name: String? = nil, storePath: String,
                                     options: StreamedCSVImport.Options = StreamedCSVImport.Options(),
                                     progress: ((Double) -> Void)? = nil) throws -> StreamedCSVImport.Summary {
        let clock = Date()
        let nodesPath = directory + "/nodes.h5", edgesPath = directory + "/edges.h5"
        guard !FileManager.default.fileExists(atPath: storePath) else {
            throw ImportError(file: storePath, "the streamed import writes a new store, and this file exists; choose another --store or remove it")
        }
        // Nodes, names and provenance exactly as the in-memory reader finds them, without edges.
        let nodesRoot = try HDF5File.open(nodesPath).root()
        guard nodesRoot.exists("nodes") else { throw ImportError(file: nodesPath, "no /nodes group: not a SONATA nodes file") }
        var nodes: [NodePopulationContents] = []
        for population in try nodesRoot.group("nodes").childNames() {
            nodes.append(try SONATAImport.readNodePopulation(try nodesRoot.group("nodes/\(population)"), name: population, path: nodesPath))
        }
        let counts = Dictionary(uniqueKeysWithValues: nodes.map { ($0.name, $0.table.count) })
        let edgesRoot = try HDF5File.open(edgesPath).root()
        guard edgesRoot.exists("edges") else { throw ImportError(file: edgesPath, "no /edges group: not a SONATA edges file") }
        func text(_ group: HDF5Group, _ key: String) throws -> String { group.hasAttribute(key) ? try group.stringAttribute(key) : "" }
        let connectomeName = try name ?? (edgesRoot.hasAttribute("plexus_connectome") ? edgesRoot.stringAttribute("plexus_connectome") : "")
        guard StoreFormat.isValidName(connectomeName) else {
            throw ImportError(file: edgesPath, "no connectome name recorded in the file; pass --name")
        }
        var checksums: [String: String] = [:]
        if edgesRoot.exists("plexus_sources") {
            let sources = try edgesRoot.group("plexus_sources")
            for key in try sources.attributeNames() { checksums[key] = try sources.stringAttribute(key) }
        }
        let temporary = (options.temporaryDirectory ?? URL(fileURLWithPath: storePath).deletingLastPathComponent().path)
            + "/.plexus-import-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))"
        do { try FileManager.default.createDirectory(atPath: temporary, withIntermediateDirectories: false) } catch {
            throw ImportError(file: temporary, "cannot create the directory for sorted runs (\(error.localizedDescription))")
        }
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        let populations = try edgesRoot.group("edges").childNames()
        var edgeCounts: [String: Int] = [:]
        var runs = 0
        try StoreWriter.writeStreaming(nodes: nodes, connectomes: [], to: storePath) { store in
            for (p, population) in populations.enumerated() {
                let group = try edgesRoot.group("edges/\(population)")
                let what = group.path
                for required in ["source_node_id", "target_node_id"] where !group.isDataset(required) {
                    throw ImportError(file: edgesPath, "\(what)/\(required) is missing")
                }
                let sourceSet = try group.dataset("source_node_id"), targetSet = try group.dataset("target_node_id")
                let sourcePopulation = try sourceSet.stringAttribute("node_population")
                let targetPopulation = try targetSet.stringAttribute("node_population")
                guard let sourceCount = counts[sourcePopulation], let targetCount = counts[targetPopulation] else {
                    throw ImportError(file: edgesPath, "\(what) refers to node population \(counts[sourcePopulation] == nil ? sourcePopulation : targetPopulation), which nodes.h5 does not hold")
                }
                let edgeCount = sourceSet.count
                guard targetSet.count == edgeCount else {
                    throw ImportError(file: edgesPath, "\(what): source_node_id has \(edgeCount) entries but target_node_id \(targetSet.count)")
                }
                let weightSet = group.isDataset("0/syn_weight") ? try group.dataset("0/syn_weight") : nil
                if let weightSet, weightSet.count != edgeCount {
                    throw ImportError(file: edgesPath, "\(what)/0/syn_weight has \(weightSet.count) entries for \(edgeCount) edges")
                }
                let kind = SynapseKind(rawValue: try text(group, "plexus_kind")) ?? .chemical
                let symmetricWithin = kind.isSymmetric && sourcePopulation == targetPopulation
                // Records keyed by (source, target); `line` holds the edge's index in the file.
                let sorter = ExternalSort(runLength: options.runLength, directory: temporary + "/\(p)")
                try FileManager.default.createDirectory(atPath: temporary + "/\(p)", withIntermediateDirectories: false)
                var integer = true, float32 = true
                var start = 0
                while start < edgeCount {
                    let range = start..<min(edgeCount, start + (1 << 22))
                    let sources = try sourceSet.read(as: UInt64.self, range: range), targets = try targetSet.read(as: UInt64.self, range: range)
                    let weights = try weightSet?.read(as: Double.self, range: range) ?? [Double](repeating: 1, count: range.count)
                    for k in 0..<range.count {
                        guard sources[k] < UInt64(sourceCount), targets[k] < UInt64(targetCount) else {
                            throw ImportError(file: edgesPath, "\(what): edge \(range.lowerBound + k) refers to a node id outside its population (\(sources[k]) → \(targets[k]); \(sourceCount) and \(targetCount) nodes)")
                        }
                        var (s, t) = (sources[k], targets[k])
                        if symmetricWithin && s > t { swap(&s, &t) }
                        let w = weights[k]
                        guard w.isFinite else { throw ImportError(file: edgesPath, "\(what)/0/syn_weight: edge \(range.lowerBound + k) has weight \(w)") }
                        if integer && !(w == w.rounded() && abs(w) <= Double(Int32.max)) { integer = false }
                        if float32 && Double(Float(w)) != w { float32 = false }
                        try sorter.append(SortRecord(key: s * UInt64(targetCount) + t, weight: w, line: UInt64(range.lowerBound + k)))
                    }
                    start = range.upperBound
                    progress?(0.5 * Double(p) / Double(populations.count) + 0.5 * Double(start) / Double(max(1, edgeCount)) / Double(populations.count))
                }
                let writer = try store.addEdgePopulation(StreamedEdgePopulation(
                    name: population, sourcePopulation: sourcePopulation, targetPopulation: targetPopulation,
                    sourceCount: sourceCount, targetCount: targetCount, kind: kind,
                    weightSemantics: try text(group, "plexus_weight_semantics"),
                    provenance: Provenance(citation: try text(group, "plexus_citation"), license: try text(group, "plexus_license")),
                    weightType: integer ? .int32 : (float32 ? .float32 : .float64)))
                var currentSource = -1, previous = UInt64.max, previousEdge: UInt64 = 0
                var rowTargets: [UInt32] = [], rowWeights: [Double] = []
                try sorter.forEachSorted { record in
                    if record.key == previous {
                        throw ImportError(file: edgesPath, "\(what): edges \(previousEdge) and \(record.line) join the same pair of nodes; a store holds one edge per pair (sum their weights)")
                    }
                    previous = record.key
                    previousEdge = record.line
                    let source = Int(record.key / UInt64(targetCount))
                    if source != currentSource {
                        if !rowTargets.isEmpty { try writer.appendRow(source: currentSource, targets: rowTargets, weights: rowWeights) }
                        rowTargets.removeAll(keepingCapacity: true)
                        rowWeights.removeAll(keepingCapacity: true)
                        currentSource = source
                    }
                    rowTargets.append(UInt32(record.key % UInt64(targetCount)))
                    rowWeights.append(record.weight)
                }
                if !rowTargets.isEmpty { try writer.appendRow(source: currentSource, targets: rowTargets, weights: rowWeights) }
                try writer.finish()
                edgeCounts[population] = writer.edgeCount
                runs += max(1, sorter.spilledRuns)
                // This population's runs are merged: free their disk space before the next.
                try? FileManager.default.removeItem(atPath: temporary + "/\(p)")
            }
            try store.addConnectome(ConnectomeContents(
                name: connectomeName, description: try text(edgesRoot, "plexus_description"),
                provenance: Provenance(citation: try text(edgesRoot, "plexus_citation"), license: try text(edgesRoot, "plexus_license")),
                weightSemantics: try text(edgesRoot, "plexus_weight_semantics"), sourceChecksums: checksums,
                nodePopulations: nodes.map(\.name), edgePopulations: populations))
        }
        progress?(1)
        return StreamedCSVImport.Summary(edges: edgeCounts, runs: runs, seconds: Date().timeIntervalSince(clock))
    }
}
