import ConnectomeCore
import Foundation
import HDF5
import SpikingEngine

/// The sampled traces of a graded run, kept in memory (a 3 s worm run at 1 ms is
/// 3001 × 302 samples per quantity) and written as HDF5 and CSV once the run has succeeded.
public final class GradedTraceRecorder: GradedTraceSink {
    public private(set) var times: [Double] = []
    /// Row-major samples × neurons.
    public private(set) var voltage: [Double] = []
    public private(set) var activity: [Double] = []
    public private(set) var stimulus: [Double] = []
    public let neuronCount: Int

    public init(neuronCount: Int) { self.neuronCount = neuronCount }

    public func write(time: Double, voltage: [Double], activity: [Double], stimulus: [Double]) throws {
        times.append(time)
        self.voltage += voltage
        self.activity += activity
        self.stimulus += stimulus
        stimulated = nil
    }

    public func finish() throws {}

    /// Neuron `i`'s samples of `values` (one of the row-major arrays).
    public func column(_ values: [Double], _ i: Int) -> [Double] {
        (0..<times.count).map { values[$0 * neuronCount + i] }
    }

    /// Indices of neurons that received any current (computed once, after the last sample;
    /// the writers, the NWB file and the heat map all ask).
    public var stimulatedNeurons: [Int] {
        if let stimulated { return stimulated }
        let found = (0..<neuronCount).filter { i in (0..<times.count).contains { stimulus[$0 * neuronCount + i] != 0 } }
        stimulated = found
        return found
    }
    private var stimulated: [Int]?
}

/// Writes `traces.h5`, `voltage.csv` and `activity.csv` of a graded run.
///
/// traces.h5: `/names` [N], `/time` [T] ms (sample 0 is t = 0), `/voltage` [T, N] mV,
/// `/activity` [T, N] (φ(V)), `/threshold` [N] mV (V_th), `/stimulus/neurons` [K] and
/// `/stimulus/current` [T, K] pA for the stimulated neurons; root attributes describe the run.
/// The CSVs have a `time_ms` column and one column per neuron.
public enum GradedTraceWriter {
    public static func write(directory: String, traces: GradedTraceRecorder, names: [String], thresholds: [Double],
                             attributes: [String: String], numbers: [String: Double]) throws {
        let output = try AtomicFile(directory + "/traces.h5")
        do {
            let file = try HDF5File.create(output.temporary)
            let root = try file.root()
            for (key, value) in attributes.sorted(by: { $0.key < $1.key }) { try root.setAttribute(key, value) }
            for (key, value) in numbers.sorted(by: { $0.key < $1.key }) { try root.setAttribute(key, value) }
            try root.createStringDataset("names", values: names)
            let samples = traces.times.count, n = traces.neuronCount
            try root.createDataset("time", values: traces.times).setAttribute("units", "ms")
            try root.createDataset("voltage", values: traces.voltage, rows: samples, columns: n).setAttribute("units", "mV")
            try root.createDataset("activity", values: traces.activity, rows: samples, columns: n)
                .setAttribute("description", "phi(V) = 1/(1 + exp(-beta (V - V_th))), a proxy for calcium and synaptic output")
            try root.createDataset("threshold", values: thresholds).setAttribute("units", "mV")
            let stimulated = traces.stimulatedNeurons
            let group = try root.createGroup("stimulus")
            try group.createStringDataset("neurons", values: stimulated.map { names[$0] })
            var current: [Double] = []
            for t in 0..<samples { for i in stimulated { current.append(traces.stimulus[t * n + i]) } }
            try group.createDataset("current", values: current, rows: samples, columns: stimulated.count).setAttribute("units", "pA")
            try file.flush()
        }
        try writeCSV(directory + "/voltage.csv", traces: traces, values: traces.voltage, names: names)
        try writeCSV(directory + "/activity.csv", traces: traces, values: traces.activity, names: names)
        try output.commit()
    }

    /// `time_ms,NAME,…` with one row per sample; every double written so it reads back exactly.
    static func writeCSV(_ path: String, traces: GradedTraceRecorder, values: [Double], names: [String]) throws {
        let output = try AtomicFile(path)
        var text = "time_ms," + names.map(csvField).joined(separator: ",") + "\n"
        text.reserveCapacity(traces.times.count * traces.neuronCount * 20)
        for (t, time) in traces.times.enumerated() {
            text += "\(time)"
            for i in 0..<traces.neuronCount {
                text += ","
                text += "\(values[t * traces.neuronCount + i])"
            }
            text += "\n"
        }
        guard FileManager.default.createFile(atPath: output.temporary, contents: Data(text.utf8)) else {
            throw OutputFileError(file: path, reason: "cannot create the file")
        }
        try output.commit()
    }
}

/// A CSV field quoted as RFC 4180 asks when it holds a comma, quote or line break.
func csvField(_ text: String) -> String {
    guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
    return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
}

/// Sends every sample to several sinks (e.g. the recorder and a response accumulator).
public final class GradedTraceSinks: GradedTraceSink {
    private let sinks: [GradedTraceSink]
    public init(_ sinks: [GradedTraceSink]) { self.sinks = sinks }
    public func write(time: Double, voltage: [Double], activity: [Double], stimulus: [Double]) throws {
        for sink in sinks { try sink.write(time: time, voltage: voltage, activity: activity, stimulus: stimulus) }
    }
    public func finish() throws { for sink in sinks { try sink.finish() } }
}
