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
        try StreamedCSVImport.requireNewStore(storePath)
        let circuit = try SONATAImport.Circuit(nodesPath: nodesPath, edgesPath: edgesPath, name: name)
        let temporary = try StreamedCSVImport.runDirectory(for: storePath, options: options)
        defer { try? FileManager.default.removeItem(atPath: temporary) }

        let populations = circuit.edgePopulationNames
        var edgeCounts: [String: Int] = [:]
        var runs = 0
        try StoreWriter.writeStreaming(nodes: circuit.nodes, connectomes: [], to: storePath) { store in
            for (p, population) in populations.enumerated() {
                let header = try circuit.edgeHeader(population)
                // Records keyed by (source, target); `line` holds the edge's index in the file.
                let runDirectory = temporary + "/\(p)"
                try FileManager.default.createDirectory(atPath: runDirectory, withIntermediateDirectories: false)
                let sorter = ExternalSort(runLength: options.runLength, directory: runDirectory)
                var integer = true, float32 = true
                var start = 0
                while start < header.count {
                    let range = start..<min(header.count, start + (1 << 22))
                    try header.read(range) { edge, source, target, w in
                        guard w.isFinite else { throw ImportError(file: edgesPath, "\(header.group.path)/0/syn_weight: edge \(edge) has weight \(w)") }
                        if integer && !(w == w.rounded() && abs(w) <= Double(Int32.max)) { integer = false }
                        if float32 && Double(Float(w)) != w { float32 = false }
                        try sorter.append(SortRecord(key: UInt64(source) * UInt64(header.targetCount) + UInt64(target), weight: w, line: UInt64(edge)))
                    }
                    start = range.upperBound
                    progress?(0.5 * Double(p) / Double(populations.count) + 0.5 * Double(start) / Double(max(1, header.count)) / Double(populations.count))
                }
                let writer = try store.addEdgePopulation(StreamedEdgePopulation(
                    name: population, sourcePopulation: header.sourcePopulation, targetPopulation: header.targetPopulation,
                    sourceCount: header.sourceCount, targetCount: header.targetCount, kind: header.kind,
                    weightSemantics: header.weightSemantics, provenance: header.provenance,
                    weightType: integer ? .int32 : (float32 ? .float32 : .float64)))
                var currentSource = -1, previous = UInt64.max, previousEdge: UInt64 = 0
                var rowTargets: [UInt32] = [], rowWeights: [Double] = []
                try sorter.forEachSorted { record in
                    if record.key == previous {
                        throw ImportError(file: edgesPath, "\(header.group.path): edges \(previousEdge) and \(record.line) join the same pair of nodes; a store holds one edge per pair (sum their "
                            + "weights)")
                    }
                    previous = record.key
                    previousEdge = record.line
                    let source = Int(record.key / UInt64(header.targetCount))
                    if source != currentSource {
                        if !rowTargets.isEmpty { try writer.appendRow(source: currentSource, targets: rowTargets, weights: rowWeights) }
                        rowTargets.removeAll(keepingCapacity: true)
                        rowWeights.removeAll(keepingCapacity: true)
                        currentSource = source
                    }
                    rowTargets.append(UInt32(record.key % UInt64(header.targetCount)))
                    rowWeights.append(record.weight)
                }
                if !rowTargets.isEmpty { try writer.appendRow(source: currentSource, targets: rowTargets, weights: rowWeights) }
                try writer.finish()
                edgeCounts[population] = writer.edgeCount
                runs += max(1, sorter.spilledRuns)
                // This population's runs are merged: free their disk space before the next.
                try? FileManager.default.removeItem(atPath: runDirectory)
            }
            try store.addConnectome(try circuit.connectome(edgePopulations: populations))
        }
        progress?(1)
        return StreamedCSVImport.Summary(edges: edgeCounts, runs: runs, seconds: Date().timeIntervalSince(clock))
    }
}
