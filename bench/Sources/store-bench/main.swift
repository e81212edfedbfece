import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation

// Store benchmarks for issue 2: open + load a worm connectome, CSV import rate, bytes per
// edge on disk, and fan-out latency on a 10^8-edge store. Timings are wall-clock medians of
// repeated runs on this machine; run via bench/run-store.sh.

struct Arguments {
    var csvEdges = 10_000_000
    var largeEdges = 100_000_000
    var work = NSTemporaryDirectory() + "plexus-bench"
    var manifest = ""

    init() {
        var it = CommandLine.arguments.dropFirst().makeIterator()
        while let flag = it.next() {
            switch flag {
            case "--csv-edges": csvEdges = Int(Double(it.next()!)!)
            case "--large-edges": largeEdges = Int(Double(it.next()!)!)
            case "--work": work = it.next()!
            case "--manifest": manifest = it.next()!
            default: fatalError("unknown argument \(flag)")
            }
        }
    }
}

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
func fileSize(_ path: String) -> Int { ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? Int) ?? 0 }

/// SplitMix64: fast, seeded, good enough for synthetic graphs.
struct Random {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

/// `nodes` sources with `perNode` distinct random targets each, weights 1–20 (synapse-count-like).
func randomGraph(nodes: Int, perNode: Int, seed: UInt64) -> EdgeList {
    var rng = Random(state: seed)
    var list = EdgeList()
    list.sources.reserveCapacity(nodes * perNode)
    list.targets.reserveCapacity(nodes * perNode)
    list.weights.reserveCapacity(nodes * perNode)
    var row = Set<Int>()
    for s in 0..<nodes {
        row.removeAll(keepingCapacity: true)
        while row.count < perNode { row.insert(rng.below(nodes)) }
        for t in row.sorted() {
            list.sources.append(UInt32(s))
            list.targets.append(UInt32(t))
            list.weights.append(Double(1 + rng.below(20)))
        }
    }
    return list
}

var results: [String: Any] = [:]
let args = Arguments()
try? FileManager.default.removeItem(atPath: args.work)
try FileManager.default.createDirectory(atPath: args.work, withIntermediateDirectories: true)
print("work directory \(args.work)")

// 1. Open and load one C. elegans connectome.
do {
    let store = args.work + "/celegans.h5"
    try StoreManifest.read(path: args.manifest).build(manifestPath: args.manifest, output: store)
    var times: [Double] = []
    var edges = 0
    for _ in 0..<30 {
        let start = now()
        let file = try StoreFile.open(store)
        let connectome = try file.connectome("cook2019_herm")
        edges = 0
        for population in connectome.nodePopulations { _ = try population.names() }
        for population in connectome.edgePopulations { edges += try population.edgeList().count }
        times.append(now() - start)
    }
    print(String(format: "worm: open + load cook2019_herm (%d edges, all populations): median %.2f ms, first %.2f ms (store %d KB for 12 connectomes)",
                 edges, median(times) * 1e3, times[0] * 1e3, fileSize(store) / 1024))
    results["worm_open_load_ms_median"] = median(times) * 1e3
    results["worm_open_load_ms_first"] = times[0] * 1e3
    results["worm_store_bytes"] = fileSize(store)
}

// 2. CSV import rate and bytes per edge.
do {
    let nodes = args.csvEdges / 100
    let graph = randomGraph(nodes: nodes, perNode: 100, seed: 1)
    // Shuffle rows so the importer really sorts.
    var order = Array(0..<graph.count)
    var rng = Random(state: 2)
    for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
    var csv = "pre,post,kind,weight\n"
    csv.reserveCapacity(graph.count * 24)
    for i in order { csv += "n\(graph.sources[i]),n\(graph.targets[i]),chemical,\(Int(graph.weights[i]))\n" }
    let edgesPath = args.work + "/edges.csv", nodesPath = args.work + "/cells.csv"
    try csv.write(toFile: edgesPath, atomically: false, encoding: .utf8)
    csv = ""
    try ("name\n" + (0..<nodes).map { "n\($0)" }.joined(separator: "\n") + "\n").write(toFile: nodesPath, atomically: false, encoding: .utf8)
    let storePath = args.work + "/imported.h5"
    let start = now()
    _ = try CSVImport.importConnectome(name: "synthetic", edgesPath: edgesPath, nodes: [NodeSource(path: nodesPath)],
                                       metadata: ConnectomeMetadata(), storePath: storePath)
    let seconds = now() - start
    let rate = Double(graph.count) / seconds
    let withReverse = Double(fileSize(storePath)) / Double(graph.count)
    // The same edges without the reverse index.
    let forwardPath = args.work + "/forward.h5"
    let store = try StoreFile.open(storePath)
    var population = try store.edgePopulation(store.edgePopulationNames[0]).contents()
    population.includeReverseIndex = false
    try StoreWriter.write(nodes: [try store.nodePopulation("cells").contents()], edges: [population], connectomes: [], to: forwardPath)
    let forwardOnly = Double(fileSize(forwardPath)) / Double(graph.count)
    print(String(format: "import: %d-edge CSV (%d MB) in %.2f s = %.2f M edges/s; peak RSS %.0f MB",
                 graph.count, fileSize(edgesPath) >> 20, seconds, rate / 1e6, peakRSSMegabytes()))
    print(String(format: "disk: %.2f B/edge with reverse index, %.2f B/edge forward CSR only (int32 weights 1-20, %d nodes)",
                 withReverse, forwardOnly, nodes))
    results["csv_import_edges"] = graph.count
    results["csv_import_seconds"] = seconds
    results["csv_import_edges_per_second"] = rate
    results["bytes_per_edge_with_reverse"] = withReverse
    results["bytes_per_edge_forward_only"] = forwardOnly
    try? FileManager.default.removeItem(atPath: edgesPath)
}

// 3. Fan-out latency on a large store.
do {
    let nodes = args.largeEdges / 100
    var start = now()
    let graph = randomGraph(nodes: nodes, perNode: 100, seed: 3)
    let generated = now() - start
    let cells = NodePopulationContents(name: "cells", table: NodeTable(names: (0..<nodes).map { "n\($0)" }))
    let edges = EdgePopulationContents(name: "big", sourcePopulation: "cells", targetPopulation: "cells", kind: .chemical,
                                       edges: graph, includeReverseIndex: false)
    let path = args.work + "/large.h5"
    start = now()
    try StoreWriter.write(nodes: [cells], edges: [edges], connectomes: [], to: path)
    let written = now() - start
    print(String(format: "large: %d edges generated in %.1f s, written in %.1f s (%.2f B/edge forward only)",
                 graph.count, generated, written, Double(fileSize(path)) / Double(graph.count)))
    let store = try StoreFile.open(path)
    let population = try store.edgePopulation("big")
    var rng = Random(state: 9)
    var first: Double = 0
    var times: [Double] = []
    for k in 0..<1001 {
        let node = rng.below(nodes)
        let t0 = now()
        let out = try population.outgoing(from: node)
        let dt = now() - t0
        precondition(out.count == 100)
        if k == 0 { first = dt } else { times.append(dt) }
    }
    print(String(format: "fan-out on %d-edge store: median %.3f ms, 99th percentile %.3f ms over 1000 random neurons (first read %.3f ms)",
                 graph.count, median(times) * 1e3, times.sorted()[times.count * 99 / 100] * 1e3, first * 1e3))
    results["large_edges"] = graph.count
    results["large_bytes_per_edge_forward_only"] = Double(fileSize(path)) / Double(graph.count)
    results["fanout_ms_median"] = median(times) * 1e3
    results["fanout_ms_p99"] = times.sorted()[times.count * 99 / 100] * 1e3
    results["fanout_ms_first"] = first * 1e3
    results["peak_rss_mb"] = peakRSSMegabytes()
}

let json = try JSONSerialization.data(withJSONObject: results, options: [.prettyPrinted, .sortedKeys])
let resultsPath = args.work + "/store-bench.json"
try json.write(to: URL(fileURLWithPath: resultsPath))
print("results written to \(resultsPath)")
