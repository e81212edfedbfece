import NetworkModels
import Workflows

extension Simulate {
    /// A model file whose populations are graded (``GradedModelRun``).
    func runGradedModel(_ specification: ModelSpecification, built: ModelBuilder.Built) throws {
        guard saveWeights == nil else { throw CLIError("--save-weights: graded synapses are not plastic; remove --save-weights") }
        let directory = out ?? "out/\(specification.name)"
        let bar = ProgressBar(label: specification.name, enabled: !(quiet || json))
        let summary = try GradedModelRun(specification: specification, built: built, modelPath: model, threads: threads ?? 1,
                                         directory: directory, progress: bar.update).execute()
        bar.finish()
        if json { return try printJSON(summary) }
        print(String(format: "Simulated %g ms of %d graded neurons (%d synapses, %d gap junctions) in %.2f s.", summary.durationMs,
                     summary.neurons, summary.synapses, summary.gapJunctions, summary.wallSeconds))
        print("Outputs in \(directory): " + GradedModelRun.outputs.joined(separator: ", "))
    }
}
