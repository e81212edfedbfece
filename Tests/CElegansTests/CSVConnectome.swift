import CElegans
import ConnectomeCore
import Foundation
import NetworkModels
import SpikingEngine
import Testing

/// The shipped Cook et al. 2019 hermaphrodite connectome read straight from its committed
/// CSVs (not through the store), so these tests check the model against the published data.
final class CSVConnectome: ConnectomeProvider, Sendable {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let shared = CSVConnectome()

    let cells: ConnectomeNeurons
    private let edgesByKind: [SynapseKind: ConnectomeEdges]

    private init() {
        func rows(_ path: String) -> [[String]] {
            let text = try! String(contentsOfFile: Self.repository.appendingPathComponent(path).path, encoding: .utf8)
            return text.split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        let nodes = rows("connectomes/nodes/herm_neurons.csv")
        cells = ConnectomeNeurons(names: nodes.map { $0[0] }, classes: nodes.map { $0[1] }, types: nodes.map { $0[2] },
                                  transmitters: nodes.map { $0[3] })
        var edgesByKind: [SynapseKind: ConnectomeEdges] = [:]
        var index: [String: Int] = [:]
        for (i, name) in cells.names.enumerated() { index[name] = i }
        for row in rows("connectomes/edges/cook2019_herm.csv") {
            guard let pre = index[row[0]], let post = index[row[1]], let kind = SynapseKind(rawValue: row[2]) else { continue }  // muscles, other cells
            edgesByKind[kind, default: ConnectomeEdges(pre: [], post: [], weight: [])].pre.append(pre)
            edgesByKind[kind]!.post.append(post)
            edgesByKind[kind]!.weight.append(Double(row[3])!)
        }
        self.edgesByKind = edgesByKind
    }

    func neurons(of connectome: String) throws -> ConnectomeNeurons { cells }
    func edges(of connectome: String, kind: SynapseKind) throws -> ConnectomeEdges {
        edgesByKind[kind] ?? ConnectomeEdges(pre: [], post: [], weight: [])
    }
}

/// One graded worm run of a protocol with the default parameters, reduced to Δa per neuron.
struct WormRun: Sendable {
    let worm: GradedWorm
    let responses: [String: Double]
    let behaviour: Behaviour
    let residual: Double

    init(_ name: String, dt: Double = 0.1, threads: Int = 1, ablate: [String] = [], signs: SynapseSigns = .transmitter,
         duration: Double = 3000) throws {
        let chosen = GradedProtocol.named(name)!
        worm = try GradedWorm.build(provider: CSVConnectome.shared, connectome: "cook2019_herm", parameters: GradedWormParameters(),
                                    signs: signs, ablate: ablate)
        let step = NamedStimulus(name: name, neurons: chosen.neurons, amplitude: 20, start: 1000, stop: 2000)
        let simulation = try GradedSimulation(network: worm.network, stimuli: try worm.stimuli([step]),
                                          configuration: SimulationConfiguration(duration: duration, resolution: dt, threads: threads))
        let accumulator = ResponseAccumulator(onset: 1000, offset: 2000, duration: duration)
        _ = try simulation.run(traces: accumulator)
        let values = try #require(accumulator.responses)
        responses = Dictionary(uniqueKeysWithValues: zip(worm.neurons.names, values))
        behaviour = try #require(Behaviour(stimulus: chosen, names: worm.neurons.names, responses: values, excluded: Set(ablate)))
        residual = accumulator.residualActivity
    }

    /// Runs shared by several tests (each takes a few seconds in a debug build).
    static let anterior = Result { try WormRun("touch-anterior") }
    static let posterior = Result { try WormRun("touch-posterior") }
}

