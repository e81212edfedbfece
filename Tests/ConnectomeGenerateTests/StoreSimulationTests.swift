import ConnectomeCore
import ConnectomeGenerate
import ConnectomeStore
import Foundation
import NetworkModels
import SpikingEngine
import StoreAdapter
import Testing

/// Forwards a store provider but not its streaming row reader, so models fall back to the
/// in-memory edge list: the reference for the streamed path.
final class InMemoryProvider: ConnectomeProvider {
    let inner: StoreConnectomeProvider
    init(_ inner: StoreConnectomeProvider) { self.inner = inner }
    func neurons(of connectome: String) throws -> ConnectomeNeurons { try inner.neurons(of: connectome) }
    func edges(of connectome: String, kind: SynapseKind) throws -> ConnectomeEdges { try inner.edges(of: connectome, kind: kind) }
}

@Suite("Simulating from a generated store")
struct StoreSimulationTests {
    static let model = """
    {
      "name": "voxels",
      "simulation": { "duration_ms": 60, "resolution_ms": 0.1, "seed": 3 },
      "populations": [
        { "name": "V", "connectome": "vox", "model": "lif",
          "parameters": { "tau_m": 20, "C_m": 250, "E_L": 0, "V_th": 20, "V_reset": 10, "t_ref": 2, "I_e": 300, "synapse": "delta" },
          "initial_V_m": { "uniform": [0, 20] } },
        { "name": "X", "size": 50, "model": "lif",
          "parameters": { "tau_m": 20, "C_m": 250, "E_L": 0, "V_th": 20, "V_reset": 10, "t_ref": 2, "I_e": 320, "synapse": "delta" },
          "initial_V_m": { "uniform": [0, 20] } }
      ],
      "projections": [
        { "name": "extra", "source": "X", "target": "V", "rule": "fixed_probability", "p": 0.05, "weight": 0.4, "delay": 0.7 },
        { "name": "local", "source": "V", "target": "V", "rule": "connectome", "kind": "chemical",
          "weight": { "uniform": [0.02, 0.08] }, "delay": "stored", "transmitter_signs": { "*": -1 } },
        { "name": "back", "source": "V", "target": "X", "rule": "fixed_probability", "p": 0.01, "weight": 0.3, "delay": 1.0 }
      ],
      "record": { "spikes": "all" }
    }
    """

    @Test("a connectome projection streamed from the store equals the in-memory one: synapses, stored delays and raster")
    func streamedEqualsInMemory() throws {
        let path = temporaryPath("simulate-store.h5")
        let generator = try VoxelGraphGenerator(smallParameters(shape: .ellipsoid))
        _ = try generator.write(to: path, name: "vox", threads: 2)
        let modelPath = temporaryPath("voxels.json")
        try Self.model.write(toFile: modelPath, atomically: true, encoding: .utf8)
        let specification = try ModelFile.read(path: modelPath)
        let store = StoreConnectomeProvider(store: try StoreFile.open(path))
        let streamed = try ModelBuilder(specification, connectomes: store).build()
        let inMemory = try ModelBuilder(specification, connectomes: InMemoryProvider(store)).build()
        // Blocks of ~300 edges: rows cross many block boundaries.
        let smallBlocks = try ModelBuilder(specification, connectomes: StoreConnectomeProvider(store: try StoreFile.open(path), rowBlockEdges: 300)).build()
        #expect(streamed.network.synapseCount == inMemory.network.synapseCount)
        let n = generator.grid.count
        for source in [0, 1, n / 2, n - 1, n + 3] {
            let a = try streamed.network.connections(from: source), b = try inMemory.network.connections(from: source)
            #expect(a.map(\.target) == b.map(\.target) && a.map(\.weight) == b.map(\.weight) && a.map(\.delay) == b.map(\.delay))
        }
        // Stored delays reach the synapses; weights are stored weight × sign × the drawn scale.
        let row = generator.row(of: 5)
        let synapses = try streamed.network.connections(from: 5).filter { $0.target < n }
        #expect(synapses.map(\.target) == row.targets.map(Int.init))
        #expect(synapses.map(\.delay) == row.delays.map(Double.init))
        #expect(zip(synapses, row.weights).allSatisfy { $0.weight < 0 && -$0.weight >= 0.02 * $1 && -$0.weight <= 0.08 * $1 })
        var rasters: [InMemoryRaster] = []
        for built in [streamed, inMemory, smallBlocks] {
            let raster = InMemoryRaster()
            _ = try Simulation(network: built.network, stimuli: built.stimuli, configuration: built.configuration).run(spikes: raster)
            rasters.append(raster)
        }
        #expect(rasters[0].times.count > 500)
        #expect(rasters[0].times == rasters[1].times && rasters[0].neurons == rasters[1].neurons)
        #expect(rasters[2].times == rasters[1].times && rasters[2].neurons == rasters[1].neurons)
    }

    @Test("stored delays need a store that has them, and a chemical connectome projection")
    func storedDelayErrors() throws {
        let modelPath = temporaryPath("bad-delay.json")
        try Self.model.replacingOccurrences(of: "\"delay\": 0.7", with: "\"delay\": \"stored\"").write(toFile: modelPath, atomically: true, encoding: .utf8)
        #expect { try ModelFile.read(path: modelPath) } throws: { "\($0)".contains("\"stored\" delays exist only for chemical connectome projections") }
        let worm = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("connectomes/celegans.h5").path
        let wormModel = temporaryPath("worm-stored.json")
        try Self.model.replacingOccurrences(of: "\"connectome\": \"vox\"", with: "\"connectome\": \"cook2019_herm\"")
            .write(toFile: wormModel, atomically: true, encoding: .utf8)
        let specification = try ModelFile.read(path: wormModel)
        #expect { try ModelBuilder(specification, connectomes: StoreConnectomeProvider(store: try StoreFile.open(worm))).build() } throws: {
            "\($0)".contains("needs per-edge delays in the store")
        }
    }
}
