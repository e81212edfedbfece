import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import HDF5
import SpikeIO
import SpikingEngine
import Testing
import _TestSupport

/// The graded writers against their documented layouts (docs/celegans.md "Outputs"), read
/// back through libhdf5: what the notebooks and the field's readers rely on.
@Suite("Graded run outputs")
struct GradedOutputTests {
    /// Two coupled graded neurons, the first stepped by 2 pA from 10 to 30 ms, sampled every 1 ms.
    static func run() throws -> (GradedTraceRecorder, GradedSimulation) {
        let p = GradedParameters()
        let network = ExplicitNetwork(neurons: ["A", "B"].map { NeuronDescription(name: $0, population: "p", model: .graded(p), initialPotential: 0) },
                                      couplings: [GapJunction(a: 0, b: 1, conductance: 0.05)])
        let simulation = try GradedSimulation(network: network, stimuli: [Stimulus(name: "step", kind: .current(amplitude: 2, start: 10, stop: 30), targets: [0])],
                                              configuration: SimulationConfiguration(duration: 50))
        let recorder = GradedTraceRecorder(neuronCount: 2)
        _ = try simulation.run(traces: recorder)
        return (recorder, simulation)
    }

    static let table = NeuronTable(names: ["A", "B"], populations: ["p", "p"], classes: ["A", "B"], types: ["interneuron", "motor"])

    @Test("traces.h5 holds names, times, voltage, activity, thresholds and the stimulated neurons' current; the CSVs agree")
    func tracesFile() throws {
        let (recorder, simulation) = try Self.run()
        let directory = TemporaryDirectory()
        try GradedTraceWriter.write(directory: directory.path, traces: recorder, names: ["A", "B"], thresholds: simulation.thresholds,
                                    attributes: ["connectome": "test"], numbers: ["dt_ms": 0.1])
        let root = try HDF5File.open(directory.file("traces.h5")).root()
        #expect(try root.dataset("names").readStrings() == ["A", "B"])
        let time = try root.dataset("time").read(as: Double.self)
        #expect(time == (0...50).map(Double.init))
        #expect(try root.dataset("voltage").dimensions == [51, 2])
        #expect(try root.dataset("voltage").read(as: Double.self) == recorder.voltage)
        #expect(try root.dataset("activity").read(as: Double.self) == recorder.activity)
        #expect(try root.dataset("threshold").read(as: Double.self) == simulation.thresholds)
        #expect(try root.dataset("stimulus/neurons").readStrings() == ["A"])
        let current = try root.dataset("stimulus/current").read(as: Double.self)
        #expect(current == time.map { $0 >= 10 && $0 < 30 ? 2 : 0 }, "the step's current at each sample time")
        #expect(try root.stringAttribute("connectome") == "test" && root.attribute("dt_ms", as: Double.self) == 0.1)
        let rows = try String(contentsOfFile: directory.file("activity.csv"), encoding: .utf8).split(separator: "\n")
        #expect(rows.first == "time_ms,A,B" && rows.count == 52)
        let last = rows.last!.split(separator: ",").map { Double($0)! }
        #expect(last == [50] + Array(recorder.activity.suffix(2)), "the CSV round-trips every double")
        #expect(directory.contents == ["activity.csv", "traces.h5", "voltage.csv"], "no temporary file left")
    }

    @Test("traces.nwb: TimeSeries with SI units and timestamps in seconds, the neurons table and the subject")
    func nwbFile() throws {
        let (recorder, _) = try Self.run()
        let directory = TemporaryDirectory()
        var session = NWBWriter.Session(identifier: "test", description: "two neurons", startTime: "2026-01-01T00:00:00Z")
        session.subject = NWBWriter.Subject(identifier: "s1", species: "Caenorhabditis elegans", sex: "XX", description: "simulated")
        let series = NWBWriter.Series(name: "activity", description: "phi", unit: "n.a.", conversion: 1, values: recorder.activity,
                                      columns: 2, comments: "columns: /analysis/neurons")
        try NWBWriter.writeTraces(path: directory.file("t.nwb"), session: session, neurons: Self.table, times: recorder.times,
                                  acquisition: [series], stimulus: [])
        let root = try HDF5File.open(directory.file("t.nwb")).root()
        let activity = try root.group("acquisition/activity")
        #expect(try activity.stringAttribute("neurodata_type") == "TimeSeries")
        #expect(try activity.dataset("data").stringAttribute("unit") == "n.a.")
        #expect(try activity.dataset("data").dimensions == [51, 2])
        #expect(try activity.dataset("timestamps").read(as: Double.self) == recorder.times.map { $0 / 1000 })
        #expect(try root.dataset("analysis/neurons/neuron_name").readStrings() == ["A", "B"])
        #expect(try root.group("analysis/neurons").stringAttribute("neurodata_type") == "DynamicTable")
        #expect(try root.group("general/subject").stringAttribute("neurodata_type") == "Subject")
        #expect(try root.dataset("general/subject/species").readStrings() == ["Caenorhabditis elegans"])
    }

    @Test("heat maps: PNG with the PNG signature, SVG with the cells as one embedded image")
    func heatmap() throws {
        let (recorder, _) = try Self.run()
        let plot = ActivityHeatmap(times: recorder.times, activity: recorder.activity, rest: Array(recorder.activity.prefix(2)),
                                   table: Self.table, stimulus: (10...30, "step"), title: "test", saturated: [0])
        #expect(Array(plot.png().prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        let svg = plot.svg()
        #expect(svg.components(separatedBy: "data:image/png;base64,").count == 3, "the cells and the colour bar")
        // Only B (not stimulated) sets the scale: its largest change, rounded up to 1, 2 or 5 × 10^k.
        let changeB = stride(from: 1, to: recorder.activity.count, by: 2).map { abs(recorder.activity[$0] - recorder.activity[1]) }.max()!
        #expect(plot.scale >= changeB && plot.scale <= 5 * changeB)
        #expect(XMLParser(data: Data(svg.utf8)).parse(), "well-formed SVG")
    }
}

/// cairo cannot draw images with a side above 32767 pixels: larger plots are scaled to fit.
@Suite("Large pictures")
struct LargePictureTests {
    @Test("a raster of 40 000 neurons gives a PNG 32767 pixels tall, not an empty file")
    func tallRaster() {
        let n = 40_000
        let table = NeuronTable(names: (0..<n).map { "n\($0)" }, populations: Array(repeating: "p", count: n),
                                classes: Array(repeating: "", count: n), types: Array(repeating: "interneuron", count: n))
        let png = [UInt8](RasterPlot(times: [5], ids: [0], table: table, duration: 10, title: "tall").png())
        #expect(png.count > 1000)
        let height = Int(png[20]) << 24 | Int(png[21]) << 16 | Int(png[22]) << 8 | Int(png[23])
        #expect(height == 32_767, "IHDR height \(height)")
    }
}
