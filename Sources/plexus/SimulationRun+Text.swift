import SpikingEngine
import Workflows

extension SimulationRun {
    /// The human summary printed after a run.
    static func text(of summary: SimulationSummary, directory: String) -> String {
        var lines = [String(format: "Simulated %g ms of %d neurons (%d synapses, %d gap junctions) in %.2f s with %d thread%@.",
                            summary.durationMs, summary.neurons, summary.synapses, summary.gapJunctions, summary.wallSeconds,
                            summary.threads, summary.threads == 1 ? "" : "s")]
        lines.append(String(format: "%d spikes; %.3g synaptic events per second of wall time.", summary.spikes, summary.synapticEventsPerSecond))
        let rows = [["population", "neurons", "spikes", "rate (Hz)"]] + summary.populations.sorted { $0.key < $1.key }.map {
            [$0.key, String($0.value.neurons), String($0.value.spikes), String(format: "%.2f", $0.value.rateHz)]
        }
        lines.append(formatTable(rows, rightAligned: [1, 2, 3]))
        lines.append("Outputs in \(directory): spikes.h5, spikes.csv, summary.json")
        return lines.joined(separator: "\n")
    }
}
