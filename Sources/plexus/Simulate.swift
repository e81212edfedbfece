import Workflows
import ArgumentParser
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine
import StoreAdapter
import CElegans

/// `plexus simulate MODEL_FILE|celegans`.
struct Simulate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Simulate a network from a model file, or the C. elegans connectome (`plexus simulate celegans`, graded neurons by default).",
        discussion: """
        Spiking models write spikes.h5 (SONATA spike layout), spikes.csv (time_ms,neuron), \
        voltage.h5 when voltages are recorded, and summary.json; graded models (the worm, \
        "model": "graded") write traces.h5, voltage.csv, activity.csv, traces.nwb, plots and \
        summary.json. Every file lands in --out only once the run has succeeded. Model files are \
        described in docs/model-files.md; examples/ has CUBA, Brunel, Song 2000 and the graded worm; \
        docs/celegans.md describes the worm.
        """)

    @Argument(help: "A model file (JSON), or `celegans`.") var model: String
    @Option(help: "Simulated time in ms (overrides the model file).") var duration: Double?
    @Option(help: "Seed of every random draw (overrides the model file).") var seed: UInt64?
    @Option(help: "Worker threads (default: all cores for networks of 5000 neurons or more, else 1); results are identical for any count.")
    var threads: Int?
    @Option(help: "Output directory.") var out: String?
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "No progress bar.") var quiet = false
    @Option(name: .customLong("save-weights"), help: ArgumentHelp(
        "After a run with plastic connectome projections, add the learned weights to --store as a new connectome NAME.",
        valueName: "NAME"))
    var saveWeights: String?
    @Flag(name: .customLong("per-neuron-update"), help: ArgumentHelp(
        "Update every neuron one at a time instead of batching neurons without inputs (same raster; for measuring the batched path).",
        visibility: .hidden))
    var perNeuronUpdate = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var worm: WormOptions

    func validate() throws {
        if let duration, !(duration > 0) { throw ValidationError("--duration must be > 0 ms (got \(duration))") }
        if let threads, threads < 1 { throw ValidationError("--threads must be ≥ 1") }
    }

    func run() throws {
        if model == "celegans" { return try runWorm() }
        try worm.rejectWormOptionsForModelFiles()
        let specification = try ModelFile.read(path: model)
        if specification.populations.allSatisfy({ $0.binary != nil }) { return try runBinary(specification) }
        let needsStore = specification.populations.contains { $0.connectome != nil }
        let provider = needsStore ? StoreConnectomeProvider(store: try storeOptions.open()) : nil
        var built = try ModelBuilder(specification, connectomes: provider).build(duration: duration, seed: seed)
        if try built.network.modelFamily() == .graded { return try runGradedModel(specification, built: built) }
        built.configuration.threads = threadCount(neurons: built.network.neuronCount)
        built.configuration.batchEventFreeNeurons = !perNeuronUpdate
        let directory = out ?? "out/\(specification.name)"
        if saveWeights != nil { try checkSaveWeights(specification) }
        let bar = ProgressBar(label: specification.name, enabled: !(quiet || json))
        let (summary, weights) = try SimulationRun(name: specification.name, built: built, directory: directory,
                                                   attributes: ["model_file": model], progress: bar.update).execute()
        bar.finish()
        if let saveWeights { try save(weights, as: saveWeights, built: built, specification: specification, summary: summary) }
        try report(summary, directory: directory)
    }

    /// Threads pay off only when each has thousands of neurons to update per step.
    func threadCount(neurons: Int) -> Int {
        threads ?? (neurons >= 5000 ? ProcessInfo.processInfo.activeProcessorCount : 1)
    }

    func report(_ summary: SimulationSummary, directory: String) throws {
        if json { return try printJSON(summary) }
        print(SimulationRun.text(of: summary, directory: directory))
    }
}
