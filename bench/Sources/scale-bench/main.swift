// Measurements on a large store that the plexus CLI does not print itself (issue 8):
//   scale-bench fanout STORE       fan-out latency, cold (first read after opening) and warm
//   scale-bench load STORE         time to read every edge in blocks, 1 and 2 decoding threads
//   scale-bench csv STORE OUT.csv  write the edges as a shuffled-by-block CSV (and voxel.csv, the node table, beside it)
// Each prints one JSON object on standard output. Run through ../run-scale.sh.
import ConnectomeCore
import ConnectomeStore
import Foundation

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }
func median(_ xs: [Double]) -> Double { let s = xs.sorted(); return s[s.count / 2] }
func percentile(_ xs: [Double], _ p: Double) -> Double { let s = xs.sorted(); return s[min(s.count - 1, Int(Double(s.count) * p))] }
func peakRSSMegabytes() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_maxrss) / 1024
}
func emit(_ object: [String: Any]) {
    let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
    print(String(decoding: data, as: UTF8.self))
}

struct Random {
    var state: UInt64
    mutating func below(_ n: Int) -> Int {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return Int((z ^ (z >> 31)) % UInt64(n))
    }
}

/// The single chemical edge population of the store's single connectome.
func population(_ path: String) throws -> EdgePopulation {
    let store = try StoreFile.open(path)
    return try store.edgePopulation(store.edgePopulationNames[0])
}

let arguments = CommandLine.arguments
guard arguments.count >= 3 else {
    FileHandle.standardError.write(Data("usage: scale-bench fanout|load|csv STORE [OUT.csv]\n".utf8))
    exit(2)
}
let path = arguments[2]
switch arguments[1] {
case "fanout":
    let nodes = try StoreFile.open(path).nodePopulation(try StoreFile.open(path).nodePopulationNames[0]).count
    var rng = Random(state: 7)
    // Cold: a fresh open (empty HDF5 chunk cache), then one random row, 50 times; the
    // open (file, listing, population checks) is timed apart from the read.
    var cold: [Double] = [], opening: [Double] = []
    for _ in 0..<50 {
        let node = rng.below(nodes)
        var start = now()
        let fresh = try population(path)
        opening.append(now() - start)
        start = now()
        _ = try fresh.outgoing(from: node)
        cold.append(now() - start)
    }
    // Warm: 1000 random rows through one open population.
    let open = try population(path)
    var warm: [Double] = []
    var degree = 0
    for _ in 0..<1000 {
        let node = rng.below(nodes)
        let start = now()
        degree += try open.outgoing(from: node).count
        warm.append(now() - start)
    }
    emit(["open_ms_median": median(opening) * 1e3, "cold_ms_median": median(cold) * 1e3, "cold_ms_p99": percentile(cold, 0.99) * 1e3,
          "warm_ms_median": median(warm) * 1e3, "warm_ms_p99": percentile(warm, 0.99) * 1e3,
          "mean_out_degree_sampled": Double(degree) / 1000, "edges": open.count, "peak_rss_mb": peakRSSMegabytes()])
case "load":
    let edges = try population(path)
    let indptr = try edges.rowOffsets()
    var result: [String: Any] = ["edges": edges.count]
    for threads in [1, 2] {
        let start = now()
        var checksum: UInt64 = 0
        var first = 0
        while first < indptr.count - 1 {
            var last = first + 1
            while last < indptr.count - 1 && indptr[last + 1] - indptr[first] <= 1 << 22 { last += 1 }
            let block = try edges.readEdges(Int(indptr[first])..<Int(indptr[last]), threads: threads, delays: true)
            checksum &+= UInt64(block.targets.count) &+ UInt64(block.targets.last ?? 0)
            first = last
        }
        let seconds = now() - start
        result["seconds_\(threads)_threads"] = seconds
        result["edges_per_second_\(threads)_threads"] = Double(edges.count) / seconds
        result["checksum_\(threads)"] = checksum
    }
    result["peak_rss_mb"] = peakRSSMegabytes()
    emit(result)
case "csv":
    guard arguments.count >= 4 else { exit(2) }
    let store = try StoreFile.open(path)
    let nodes = try store.nodePopulation(store.nodePopulationNames[0]).names()
    let edges = try population(path)
    guard let file = fopen(arguments[3], "w") else { exit(1) }
    fputs("pre,post,kind,weight\n", file)
    // Blocks of rows in a scrambled order, so the importer must really sort.
    var blocks: [EdgePopulation.RowBlock] = []
    var written = 0
    func flush() {
        var order = Array(blocks.indices)
        var rng = Random(state: UInt64(written))
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, rng.below(i + 1)) }
        for b in order {
            let block = blocks[b]
            var text = ""
            for s in block.sources.reversed() {
                for k in block.row(s) { text += "\(nodes[s]),\(nodes[Int(block.targets[k])]),chemical,\(Int(block.weights[k]))\n" }
            }
            fputs(text, file)
            written += block.targets.count
        }
        blocks.removeAll()
    }
    try edges.forEachRowBlock(maxEdges: 1 << 18) { block in
        blocks.append(block)
        if blocks.count == 32 { flush() }
    }
    flush()
    fclose(file)
    // The node table too (large imports come with one: MICrONS, FlyWire), beside the edges.
    let nodesPath = URL(fileURLWithPath: arguments[3]).deletingLastPathComponent().appendingPathComponent("voxel.csv").path
    try ("name\n" + nodes.joined(separator: "\n") + "\n").write(toFile: nodesPath, atomically: false, encoding: .utf8)
    emit(["edges": written, "nodes_csv": nodesPath, "peak_rss_mb": peakRSSMegabytes()])
default:
    FileHandle.standardError.write(Data("unknown command \(arguments[1])\n".utf8))
    exit(2)
}
