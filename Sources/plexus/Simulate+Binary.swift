import ConnectomeCore
import Foundation
import SpikeIO
import NetworkModels
import SpikingEngine

extension Simulate {
    /// What a McCulloch–Pitts run prints and writes to summary.json.
    struct BinarySummary: Encodable {
        var steps: Int
        var units: Int
        /// Active units after each step.
        var activePerStep: [Int]
        /// Final state: names of the active units.
        var finalActive: [String]
        /// The state sequence's attractor, if it repeated within the run.
        var attractorStartStep: Int?
        var attractorLength: Int?
    }

    /// Runs a model file of McCulloch–Pitts units: the state after step k is written as one
    /// "spike" per active unit at time k × resolution, into spikes.h5 and spikes.csv.
    func runBinary(_ specification: ModelSpecification) throws {
        var built = try ModelBuilder(specification).buildBinary(duration: duration, seed: seed)
        let directory = out ?? "out/\(specification.name)"
        let created = try SimulationRun.prepare(directory)
        do {
            let neurons = built.neurons
            let table = NeuronTable(names: neurons.map(\.name), populations: neurons.map(\.population),
                                    classes: neurons.map(\.cellClass), types: neurons.map(\.cellType))
            let spikes = SpikeSinks([
                try SpikeHDF5Writer(path: directory + "/spikes.h5", population: "network", neurons: table,
                                    attributes: ["model": specification.name, "model_file": model, "created_by": PlexusVersion.creator,
                                                 "duration_ms": "\(Double(built.steps) * built.resolution)",
                                                 "units": "McCulloch-Pitts; a spike at k x resolution marks a unit active after step k"]),
                try SpikeCSVWriter(path: directory + "/spikes.csv", neuronNames: table.names),
            ])
            var seen: [[Bool]: Int] = [built.network.state: 0]
            var summary = BinarySummary(steps: built.steps, units: neurons.count, activePerStep: [], finalActive: [])
            for step in 1...built.steps {
                built.network.step()
                let active = built.network.state.indices.filter { built.network.state[$0] }
                summary.activePerStep.append(active.count)
                try spikes.write(times: Array(repeating: Double(step) * built.resolution, count: active.count), neurons: active.map { Int32($0) })
                if summary.attractorLength == nil {
                    if let first = seen[built.network.state] {
                        summary.attractorStartStep = first
                        summary.attractorLength = step - first
                    } else {
                        seen[built.network.state] = step
                    }
                }
            }
            try spikes.finish()
            summary.finalActive = built.network.state.indices.filter { built.network.state[$0] }.map { neurons[$0].name }
            try AtomicFile.writeJSON(summary, to: directory + "/summary.json")
            if json { return try printJSON(summary) }
            print("Stepped \(neurons.count) McCulloch–Pitts units for \(built.steps) steps; \(summary.finalActive.count) active at the end: "
                  + summary.finalActive.prefix(20).joined(separator: ", "))
            if let length = summary.attractorLength, let start = summary.attractorStartStep {
                print(length == 1 ? "Fixed point reached at step \(start)." : "Cycle of length \(length) entered at step \(start).")
            }
            print("Outputs in \(directory): spikes.h5, spikes.csv, summary.json")
        } catch {
            if created, (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: directory)
            }
            throw error
        }
    }
}
