import ConnectomeCore
import Foundation
import SpikeIO
import SpikingEngine

/// The files every graded run writes (docs/celegans.md, docs/model-files.md): traces.h5,
/// voltage.csv, activity.csv, traces.nwb and the activity heat map, into a staging folder.
public struct GradedOutputs {
    public var recorder: GradedTraceRecorder
    public var table: NeuronTable
    public var thresholds: [Double]
    public var summary: GradedSummary
    /// The stimulus label (names of the steps) and the first step's window, if any.
    public var label: String
    public var window: (ClosedRange<Double>, String)?
    public var title: String
    public var attributes: [String: String]
    public var session: NWBWriter.Session

    public static let files = ["traces.h5", "voltage.csv", "activity.csv", "traces.nwb", "activity.svg", "activity.png"]

    public init(recorder: GradedTraceRecorder, table: NeuronTable, thresholds: [Double], summary: GradedSummary, label: String,
                window: (ClosedRange<Double>, String)?, title: String, attributes: [String: String], session: NWBWriter.Session) {
        self.recorder = recorder
        self.table = table
        self.thresholds = thresholds
        self.summary = summary
        self.label = label
        self.window = window
        self.title = title
        self.attributes = attributes
        self.session = session
    }

    public func write(into staging: OutputStaging) throws {
        var attributes = self.attributes
        attributes["model"] = "graded"
        attributes["threshold_convention"] = summary.thresholdConvention
        attributes["stimulus"] = label
        attributes["created_by"] = PlexusVersion.creator
        try GradedTraceWriter.write(directory: staging.staging, traces: recorder, names: table.names, thresholds: thresholds,
                                    attributes: attributes,
                                    numbers: ["dt_ms": summary.resolutionMs, "record_interval_ms": summary.recordIntervalMs,
                                              "duration_ms": summary.durationMs])
        try writeNWB(staging.path("traces.nwb"))
        let heatmap = ActivityHeatmap(times: recorder.times, activity: recorder.activity, rest: Array(recorder.activity.prefix(table.count)),
                                      table: table, stimulus: window, title: title, saturated: Set(recorder.stimulatedNeurons))
        try AtomicFile.write(Data(heatmap.svg().utf8), to: staging.path("activity.svg"))
        try AtomicFile.write(heatmap.png(), to: staging.path("activity.png"))
    }

    private func writeNWB(_ path: String) throws {
        let columns = "Columns are the neurons of /analysis/neurons, in order."
        var stimulusSeries: [NWBWriter.Series] = []
        let stimulated = recorder.stimulatedNeurons
        if !stimulated.isEmpty {
            let values = (0..<recorder.times.count).flatMap { t in stimulated.map { recorder.stimulus[t * table.count + $0] } }
            stimulusSeries.append(NWBWriter.Series(name: "stimulus_current", description: "Injected current steps: \(label)", unit: "amperes",
                                                   conversion: 1e-12, values: values, columns: stimulated.count,
                                                   comments: "Columns: " + stimulated.map { table.names[$0] }.joined(separator: ", ")))
        }
        try NWBWriter.writeTraces(path: path, session: session, neurons: table, times: recorder.times, acquisition: [
            NWBWriter.Series(name: "membrane_potential", description: "Membrane potential of every neuron", unit: "volts", conversion: 1e-3,
                             values: recorder.voltage, columns: table.count, comments: columns),
            NWBWriter.Series(name: "activity", description: "phi(V) = 1/(1 + exp(-beta (V - V_th))), a proxy for calcium and synaptic output",
                             unit: "n.a.", conversion: 1, values: recorder.activity, columns: table.count, comments: columns),
        ], stimulus: stimulusSeries)
    }
}
