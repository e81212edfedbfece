import Foundation
import HDF5

/// Spikes read back from a file `plexus simulate` wrote (or any SONATA spike file / CSV).
public struct SpikeFile {
    public var times: [Double]       // [ms]
    public var ids: [Int32]
    public var neurons: NeuronTable
    public var duration: Double      // [ms]
    public var stimulus: (window: ClosedRange<Double>, label: String)?
    public var title: String

    /// Reads `spikes.h5` (SONATA layout, first spike population) or a `time_ms,neuron` CSV.
    public static func read(path: String) throws -> SpikeFile {
        if path.hasSuffix(".csv") { return try readCSV(path) }
        let root: HDF5Group
        do { root = try HDF5File.open(path).root() } catch {
            throw SpikeIOError.input(file: path, reason: "not a readable spike file (\(error)); give a spikes.h5 or a time_ms,neuron CSV")
        }
        guard root.exists("spikes"), let population = try root.group("spikes").childNames().first else {
            throw SpikeIOError.input(file: path, reason: "no /spikes/<population> group: not a SONATA spike file")
        }
        let group = try root.group("spikes/\(population)")
        let times = try group.dataset("timestamps").read(as: Double.self)
        let ids = try group.dataset("node_ids").read(as: UInt64.self).map { Int32(truncatingIfNeeded: $0) }
        var table: NeuronTable
        if root.exists("neurons/name") {
            func column(_ name: String) throws -> [String] { try root.dataset("neurons/\(name)").readStrings() }
            table = NeuronTable(names: try column("name"), populations: try column("population"), classes: try column("class"), types: try column("type"))
        } else {
            let count = Int(ids.max() ?? -1) + 1
            table = NeuronTable(names: (0..<count).map(String.init), populations: Array(repeating: population, count: count),
                                classes: Array(repeating: "", count: count), types: Array(repeating: "", count: count))
        }
        for id in ids where Int(id) >= table.count || id < 0 {
            throw SpikeIOError.input(file: path, reason: "node id \(id) has no entry in /neurons (\(table.count) neurons)")
        }
        func attribute(_ key: String) -> String? { root.hasAttribute(key) ? try? root.stringAttribute(key) : nil }
        let duration = attribute("duration_ms").flatMap(Double.init) ?? ((times.max() ?? 0) + 1).rounded(.up)
        var stimulus: (ClosedRange<Double>, String)? = nil
        if let start = attribute("stimulus_start_ms").flatMap(Double.init), let stop = attribute("stimulus_stop_ms").flatMap(Double.init), stop >= start {
            stimulus = (start...stop, attribute("stimulus") ?? "stimulus")
        }
        return SpikeFile(times: times, ids: ids, neurons: table, duration: duration, stimulus: stimulus,
                         title: attribute("title") ?? attribute("model") ?? URL(fileURLWithPath: path).lastPathComponent)
    }

    static func readCSV(_ path: String) throws -> SpikeFile {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw SpikeIOError.input(file: path, reason: "cannot be read") }
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let header = lines.first, header.trimmingCharacters(in: .whitespaces) == "time_ms,neuron" else {
            throw SpikeIOError.input(file: path, reason: "line 1 must be the header time_ms,neuron")
        }
        lines.removeFirst()
        var index: [String: Int32] = [:], names: [String] = [], times: [Double] = [], ids: [Int32] = []
        for (k, line) in lines.enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let time = Double(fields[0]), time.isFinite else {
                throw SpikeIOError.input(file: path, reason: "line \(k + 2): expected time_ms,neuron")
            }
            let name = String(fields[1])
            if index[name] == nil { index[name] = Int32(names.count); names.append(name) }
            times.append(time)
            ids.append(index[name]!)
        }
        let empty = Array(repeating: "", count: names.count)
        return SpikeFile(times: times, ids: ids, neurons: NeuronTable(names: names, populations: empty, classes: empty, types: empty),
                         duration: ((times.max() ?? 0) + 1).rounded(.up), stimulus: nil, title: URL(fileURLWithPath: path).lastPathComponent)
    }

    public var plot: RasterPlot {
        RasterPlot(times: times, ids: ids, table: neurons, duration: duration, stimulus: stimulus, title: title)
    }
}
