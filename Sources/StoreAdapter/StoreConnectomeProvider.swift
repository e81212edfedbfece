import Foundation
import ConnectomeCore
import ConnectomeStore
import NetworkModels
import SpikingEngine

/// Lets models take neurons and synapses from a connectome store (the adapter DESIGN.md
/// calls StoreRecipe): the engine asks for a connectome by name and gets plain arrays.
///
/// A connectome's *neuron* population is the one named `…_neurons` (the shipped worm store
/// keeps muscles and other cells in their own populations); a store with a single node
/// population uses that one. Edges are those within the neuron population.
public final class StoreConnectomeProvider: ConnectomeProvider {
    public let store: StoreFile
    /// Edges per block when streaming rows (about 16 bytes each once decoded).
    public let rowBlockEdges: Int

    /// Connectomes and neuron tables already read: a run asks for the same connectome's
    /// neurons and each edge kind several times, and each would otherwise open it anew.
    private var connectomes: [String: Connectome] = [:]
    private var neuronTables: [String: ConnectomeNeurons] = [:]
    private let cacheLock = NSLock()

    public init(store: StoreFile, rowBlockEdges: Int = 1 << 22) {
        self.store = store
        self.rowBlockEdges = max(1, rowBlockEdges)
    }

    /// The connectome called `name`, opened once.
    func connectome(_ name: String) throws -> Connectome {
        if let cached = cacheLock.withLock({ connectomes[name] }) { return cached }
        let opened = try store.connectome(name)
        cacheLock.withLock { connectomes[name] = opened }
        return opened
    }

    /// The neuron population of a connectome.
    public func neuronPopulation(of name: String) throws -> NodePopulation {
        let connectome = try connectome(name)
        let candidates = connectome.nodePopulations.filter { $0.name.hasSuffix("_neurons") }
        if candidates.count == 1 { return candidates[0] }
        guard connectome.nodePopulations.count == 1 else {
            throw SpikingEngineError.invalidNetwork("\(store.path): connectome \(name) has several node populations and none (or more than one) is named …_neurons; cannot tell which are neurons")
        }
        return connectome.nodePopulations[0]
    }

    public func neurons(of name: String) throws -> ConnectomeNeurons {
        if let cached = cacheLock.withLock({ neuronTables[name] }) { return cached }
        let population = try neuronPopulation(of: name)
        let names = try population.names()
        let categorical = Set(try population.categoricalAttributeNames())
        func column(_ attribute: String) throws -> [String] {
            categorical.contains(attribute) ? try population.categorical(attribute) : Array(repeating: "", count: names.count)
        }
        let table = ConnectomeNeurons(names: names, classes: try column("class"), types: try column("type"),
                                      transmitters: try column("transmitter"))
        cacheLock.withLock { neuronTables[name] = table }
        return table
    }

    public func edges(of name: String, kind: SynapseKind) throws -> ConnectomeEdges {
        let population = try neuronPopulation(of: name).name
        let connectome = try connectome(name)
        var pre: [Int] = [], post: [Int] = [], weight: [Double] = [], delay: [Double] = []
        var allHaveDelays = true
        for edges in connectome.edgePopulations
        where edges.kind == kind && edges.sourcePopulation == population && edges.targetPopulation == population {
            let list = try edges.edgeList()
            pre += list.sources.map(Int.init)
            post += list.targets.map(Int.init)
            weight += list.weights
            if edges.hasDelays { delay += try edges.attribute("delay") } else { allHaveDelays = false }
        }
        return ConnectomeEdges(pre: pre, post: post, weight: weight, delay: allHaveDelays && !pre.isEmpty ? delay : nil)
    }

    /// Chemical edges within the neuron population, streamed from the store in blocks of
    /// rows decoded on all cores, when they form one edge population (a connectome split
    /// over several populations is read whole, as before).
    public func rowReader(of name: String, kind: SynapseKind, delays: Bool) throws -> ConnectomeRowReader {
        let population = try neuronPopulation(of: name).name
        let matching = try connectome(name).edgePopulations.filter {
            $0.kind == kind && $0.sourcePopulation == population && $0.targetPopulation == population
        }
        guard matching.count == 1, !matching[0].isSymmetric else { return try inMemoryRowReader(of: name, kind: kind) }
        return try StoreRowReader(matching[0], threads: ProcessInfo.processInfo.activeProcessorCount, blockEdges: rowBlockEdges, delays: delays)
    }
}

/// Rows of one stored edge population, read in blocks of whole rows (default about 4M edges, ~70 MB decoded).
final class StoreRowReader: ConnectomeRowReader {
    private let population: EdgePopulation
    private let indptr: [UInt64]
    private let threads: Int
    private let blockEdges: Int
    /// Whether blocks include the delays (only models with `"delay": "stored"` use them).
    private let readsDelays: Bool
    private var block: (sources: Range<Int>, firstEdge: Int, targets: [UInt32], weights: [Double], delays: [Float]?) =
        (0..<0, 0, [], [], nil)

    init(_ population: EdgePopulation, threads: Int, blockEdges: Int, delays: Bool) throws {
        self.population = population
        self.blockEdges = blockEdges
        readsDelays = delays
        indptr = try population.rowOffsets()
        self.threads = max(1, threads)
    }

    var edgeCount: Int { population.count }
    var hasDelays: Bool { population.hasDelays }
    func rowLength(_ source: Int) -> Int { Int(indptr[source + 1] - indptr[source]) }

    func row(_ source: Int) throws -> ConnectomeRow {
        if !block.sources.contains(source) {
            var last = source + 1
            while last < indptr.count - 1 && indptr[last + 1] - indptr[source] <= UInt64(blockEdges) { last += 1 }
            let range = Int(indptr[source])..<Int(indptr[last])
            let edges = try population.readEdges(range, threads: threads, delays: readsDelays)
            block = (source..<last, range.lowerBound, edges.targets, edges.weights, edges.delays)
        }
        let range = (Int(indptr[source]) - block.firstEdge)..<(Int(indptr[source + 1]) - block.firstEdge)
        return ConnectomeRow(targets: block.targets[range], weights: block.weights[range], delays: block.delays?[range])
    }
}
