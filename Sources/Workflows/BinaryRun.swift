import ConnectomeCore
import Foundation
import NetworkModels
import SpikeIO
import SpikingEngine

/// A model file of McCulloch–Pitts units run to its files: the state after step k is written
/// as one "spike" per active unit at time k × resolution into spikes.h5 and spikes.csv, and
/// the state sequence's attractor (fixed point or cycle) is detected as it repeats.
public struct BinaryRun {
    /// What summary.json holds.
    public struct Summary: Encodable, Sendable {
        public var steps: Int
        public var units: Int
        /// Active units after each step.
        public var activePerStep: [Int]
        /// Final state: names of the active units.
        public var finalActive: [String]
        /// The state sequence's attractor, if it repeated within the run.
        public var attractorStartStep: Int?
        public var attractorLength: Int?
    }

    public var specification: ModelSpecification
    /// The model file, recorded in spikes.h5.
    public var modelPath: String
    public var duration: Double?
    public var seed: UInt64?
    public var directory: String

    public init(specification: ModelSpecification, modelPath: String, duration: Double?, seed: UInt64?, directory: String) {
        self.specification = specification
        self.modelPath = modelPath
        self.duration = duration
        self.seed = seed
        self.directory = directory
    }

    /// Runs and writes the outputs; a directory made for a run that fails is removed.
    public func execute() throws -> Summary {
        var built = try ModelBuilder(specification).buildBinary(duration: duration, seed: seed)
        let created = try SimulationRun.prepare(directory)
        do {
            let neurons = built.neurons
            let table = NeuronTable(names: neurons.map(\.name), populations: neurons.map(\.population),
                                    classes: neurons.map(\.cellClass), types: neurons.map(\.cellType))
            let spikes = SpikeSinks([
                try SpikeHDF5Writer(path: directory + "/spikes.h5", population: "network", neurons: table,
                                    attributes: ["model": specification.name, "model_file": modelPath, "created_by": PlexusVersion.creator,
                                                 "duration_ms": "\(Double(built.steps) * built.resolution)",
                                                 "units": "McCulloch-Pitts; a spike at k x resolution marks a unit active after step k"]),
                try SpikeCSVWriter(path: directory + "/spikes.csv", neuronNames: table.names),
            ])
            var seen: [[Bool]: Int] = [built.network.state: 0]
            var summary = Summary(steps: built.steps, units: neurons.count, activePerStep: [], finalActive: [])
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
            return summary
        } catch {
            if created, (try? FileManager.default.contentsOfDirectory(atPath: directory))?.isEmpty == true {
                try? FileManager.default.removeItem(atPath: directory)
            }
            throw error
        }
    }
}
