import CElegans
import Foundation
import SpikingEngine
import Workflows

extension Simulate {
    /// `plexus simulate celegans --perturbation-map`: every listed neuron stimulated in turn.
    func runPerturbationMap(_ built: GradedWorm, configuration: SimulationConfiguration) throws {
        let names = built.neurons.names
        let listed = WormOptions.list(worm.neurons)
        let stimulated = listed.isEmpty ? Array(names.indices) : try GradedWorm.resolve(listed, in: names, option: "--neurons")
        let start = worm.stimulusStart ?? 1000
        let directory = out ?? "out/perturbation"
        let cores = threads ?? ProcessInfo.processInfo.activeProcessorCount
        let bar = ProgressBar(label: "perturbation map", enabled: !(quiet || json))
        let progress = SharedProgress(bar, total: stimulated.count)
        let summary = try PerturbationMapRun(worm: built, stimulated: stimulated, amplitude: worm.amplitude ?? 20, start: start,
                                             stop: start + (worm.stimulusDuration ?? 1000), configuration: configuration,
                                             recordInterval: worm.recordInterval ?? 1, threads: cores,
                                             directory: directory, progress: { _ in progress.advance() }).execute()
        bar.finish()
        if json { return try printJSON(summary) }
        print(String(format: "Perturbation map: %d stimulated × %d responding neurons in %.1f s on %d threads.",
                     summary.stimulated, summary.responding, summary.wallSeconds, summary.threads))
        print("Outputs in \(directory): " + summary.outputs.joined(separator: ", "))
    }
}

/// The progress bar advanced by worker threads, one at a time.
private final class SharedProgress: @unchecked Sendable {
    private let bar: ProgressBar
    private let total: Int
    private var done = 0
    private let lock = NSLock()
    init(_ bar: ProgressBar, total: Int) {
        self.bar = bar
        self.total = total
    }
    func advance() {
        lock.lock()
        defer { lock.unlock() }
        done += 1
        bar.update(Double(done) / Double(max(1, total)))
    }
}
