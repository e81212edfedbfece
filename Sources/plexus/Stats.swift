import ArgumentParser
import Foundation
import SpikeIO

/// `plexus stats SPIKES_FILE`.
struct Stats: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Mean rate, CV of inter-spike intervals and Fano factor of a raster (as compared across simulators in bench/reference).")

    @Argument(help: "spikes.h5 or spikes.csv.") var spikes: String
    @Option(help: "Start of the analysis window [ms] (skips the initial transient).") var from: Double = 100
    @Option(help: "End of the analysis window [ms] (default: the run's duration).") var to: Double?
    @Option(help: "Bin for the Fano factor of population counts [ms].") var bin: Double = 10
    @OptionGroup var output: JSONOption

    func run() throws {
        let file = try SpikeFile.read(path: spikes)
        let end = to ?? file.duration
        guard end > from, bin > 0, bin.isFinite else { throw ValidationError("need --from < --to and --bin > 0") }
        guard (end - from) / bin <= 1e8 else {
            throw ValidationError("--bin \(bin) ms makes \((end - from) / bin) bins of the \(end - from) ms window; use a bin of at least \((end - from) / 1e8) ms")
        }
        let statistics = NetworkStatistics(times: file.times, ids: file.ids, neuronCount: file.neurons.count, from: from, to: end, binMs: bin)
        if output.json { return try printJSON(statistics) }
        print(String(format: "%@: window %g–%g ms, %d neurons, %d spikes", spikes, from, end, file.neurons.count, statistics.spikes))
        print(String(format: "rate %.3f Hz, CV ISI %.3f (%d neurons with ≥ 3 spikes), Fano factor %.2f (%g ms bins)",
                     statistics.rateHz, statistics.cvISI, statistics.cvNeurons, statistics.fano, bin))
    }
}
