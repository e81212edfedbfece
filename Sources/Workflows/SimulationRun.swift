import ConnectomeCore
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine

/// Runs a built model and writes its outputs; shared by model files and the worm command.
public struct SimulationRun {
    public var name: String
    public var built: ModelBuilder.Built
    public var directory: String
    /// Extra attributes of spikes.h5 (the model file, the stimulus, …).
    public var attributes: [String: String]
    /// Called with the fraction done as the run advances (a progress bar), or nil.
    public var progress: ((Double) -> Void)?

    public init(name: String, built: ModelBuilder.Built, directory: String, attributes: [String: String], progress: ((Double) -> Void)? = nil) {
        self.name = name
        self.built = built
        self.directory = directory
        self.attributes = attributes
        self.progress = progress
    }

    /// Creates `directory` (or fails with a clear message before simulating anything); returns
    /// whether it was created, so a failed run can remove it again.
    @discardableResult
    public static func prepare(_ directory: String) throws -> Bool {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw WorkflowError("\(directory) exists and is not a directory; choose another --out") }
            guard FileManager.default.isWritableFile(atPath: directory) else {
                throw WorkflowError("output directory \(directory) is not writable; choose another --out")
            }
            return false
        } else {
            do { try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true) } catch {
                throw WorkflowError("cannot create output directory \(directory) (\(error.localizedDescription)); choose another --out")
            }
        }
        return true
    }

    /// The neuron table written beside the spikes.
    public var neurons: NeuronTable {
        let list = built.network.neurons
        return NeuronTable(names: list.map(\.name), populations: list.map(\.population), classes: list.map(\.cellClass), types: list.map(\.cellType))
    }

    /// Runs and writes the outputs; returns the summary and, for plastic networks, the final weights.
    public func execute(extraSinks: [SpikeSink] = []) throws -> (SimulationSummary, [Simulation.PlasticWeight]) {
        // Validate the whole model before touching the output directory.
        let simulation = try Simulation(network: built.network, stimuli: built.stimuli, configuration: built.configuration)
        let created = try SimulationRun.prepare(directory)
        do {
            return try write(simulation, extraSinks: extraSinks)
        } catch {
            // Writers remove their temporary files; a directory made for this run goes too.
            if created, (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: directory)
            }
            throw error
        }
    }

    private func write(_ simulation: Simulation, extraSinks: [SpikeSink]) throws -> (SimulationSummary, [Simulation.PlasticWeight]) {
        let table = neurons
        let configuration = built.configuration
        var metadata = attributes
        metadata["model"] = name
        metadata["seed"] = String(configuration.seed)
        metadata["duration_ms"] = "\(configuration.duration)"
        metadata["resolution_ms"] = "\(configuration.resolution)"
        metadata["created_by"] = PlexusVersion.creator
        let spikes = SpikeSinks([
            try SpikeHDF5Writer(path: directory + "/spikes.h5", population: "network", neurons: table, attributes: metadata),
            try SpikeCSVWriter(path: directory + "/spikes.csv", neuronNames: table.names),
        ] + extraSinks)
        let voltages = configuration.recordVoltage.isEmpty ? nil
            : try VoltageHDF5Writer(path: directory + "/voltage.h5", neuronNames: configuration.recordVoltage.map { table.names[$0] })
        var weightWriter: WeightHDF5Writer? = nil
        if configuration.weightInterval != nil, built.network.maximumPlasticWeight > 0 {
            let synapses = try (0..<built.network.neuronCount).flatMap { source in
                try built.network.connections(from: source).filter { $0.plasticity != nil }.map { (table.names[source], table.names[$0.target]) }
            }
            weightWriter = try WeightHDF5Writer(path: directory + "/weights.h5", pre: synapses.map(\.0), post: synapses.map(\.1))
        }
        let summary = try simulation.run(spikes: spikes, voltages: voltages, weights: weightWriter, progress: progress)
        try AtomicFile.writeJSON(summary, to: directory + "/summary.json")
        try writeWeights(simulation.finalWeights, names: table.names)
        return (summary, simulation.finalWeights)
    }

    /// For plastic networks: `weights.csv` (pre,post,weight after the run) and a histogram,
    /// `weights.svg`, per plasticity rule's w_max.
    private func writeWeights(_ weights: [Simulation.PlasticWeight], names: [String]) throws {
        guard !weights.isEmpty else { return }
        var csv = "pre,post,weight\n"
        for w in weights { csv += "\(names[w.source]),\(names[w.target]),\(w.weight)\n" }
        try AtomicFile.write(Data(csv.utf8), to: directory + "/weights.csv")
        let maximum = built.network.maximumPlasticWeight
        let histogram = WeightHistogram(weights: weights.map(\.weight), maximum: maximum)
        let (low, high) = histogram.fractionNearBounds
        try AtomicFile.write(Data(histogram.svg(title: String(format: "%@: %d plastic weights after %g ms (%.0f%% near 0, %.0f%% near w_max)",
                                                                  name, weights.count, built.configuration.duration, low * 100, high * 100)).utf8),
                            to: directory + "/weights.svg")
    }
}
