import NetworkModels
import Workflows

extension Simulate {
    /// Runs a model file of McCulloch–Pitts units (``BinaryRun``) and prints what happened.
    func runBinary(_ specification: ModelSpecification) throws {
        let directory = out ?? "out/\(specification.name)"
        let summary = try BinaryRun(specification: specification, modelPath: model, duration: duration, seed: seed, directory: directory).execute()
        if json { return try printJSON(summary) }
        print("Stepped \(summary.units) McCulloch–Pitts units for \(summary.steps) steps; \(summary.finalActive.count) active at the end: "
              + summary.finalActive.prefix(20).joined(separator: ", "))
        if let length = summary.attractorLength, let start = summary.attractorStartStep {
            print(length == 1 ? "Fixed point reached at step \(start)." : "Cycle of length \(length) entered at step \(start).")
        }
        print("Outputs in \(directory): spikes.h5, spikes.csv, summary.json")
    }
}
