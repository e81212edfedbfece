import ConnectomeCore
import ArgumentParser
import ConnectomeGenerate
import ConnectomeStore
import Foundation

/// `plexus connectome generate factorised --out PATH …`.
struct GenerateFactorised: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "factorised",
        abstract: "A seeded factorised connectivity W = left · right (non-negative, the Allen voxel model's form).",
        discussion: """
        Writes node populations NAME_sources and NAME_targets and the factorised population NAME. \
        Factor entries are exponential with mean 1/√rank, so entries of W have mean 1. With --threshold, \
        the entries ≥ the threshold are also written as a sparse edge population and connectome NAME, \
        computed in blocks of rows without forming W. The Allen model's size: --sources 226346 --targets 448962.
        """)

    @Option(help: "The new store (an existing file is replaced only with --overwrite).") var out: String
    @Flag(help: "Replace --out if it exists.") var overwrite = false
    @Option(help: "Population name.") var name = "factorised"
    @Option(help: "Source nodes (rows of W).") var sources: Int
    @Option(help: "Target nodes (columns of W).") var targets: Int
    @Option(help: "Number of components r.") var rank: Int
    @Option(help: "Also store the entries ≥ this as sparse edges.") var threshold: Double?
    @Option(help: "Seed of every random draw.") var seed: UInt64 = RandomStreams.defaultSeed
    @Flag(help: "No progress bar.") var quiet = false

    func run() throws {
        if FileManager.default.fileExists(atPath: out) && !overwrite {
            throw ValidationError("\(out) exists; choose another --out or pass --overwrite")
        }
        let clock = Date()
        let generator = try FactorisedGenerator(sourceCount: sources, targetCount: targets, rank: rank, seed: seed)
        let bar = ProgressBar(label: "thresholding", enabled: !quiet && threshold != nil)
        let edges = try generator.write(to: out, name: name, threshold: threshold) { bar.update($0) }
        bar.finish()
        let bytes = ((try? FileManager.default.attributesOfItem(atPath: out))?[.size] as? Int) ?? 0
        print(String(format: "Wrote %@: factorised %@ (%d × %d, rank %d)%@, %.1f MB, %.1f s, peak RSS %.0f MB.", out, name, sources, targets, rank,
                     threshold.map { String(format: " and %d entries ≥ %g as edges", edges, $0) } ?? "",
                     Double(bytes) / 1e6, Date().timeIntervalSince(clock), Double(peakResidentBytes()) / 1e6))
    }
}

/// `plexus connectome factorised POP --store PATH (--row NODE | --column NODE | --threshold W --out PATH)`.
struct Factorised: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Read a row or column of a factorised population, or threshold it into a sparse connectome.")

    @Argument(help: "Factorised population name.") var population: String
    @Option(help: "Print row NODE (a source node name): its weights onto every target.") var row: String?
    @Option(help: "Print column NODE (a target node name): the weights onto it from every source.") var column: String?
    @Option(help: "Write the entries ≥ this into a new store (--out) as a connectome.") var threshold: Double?
    @Option(help: "With --threshold: the new store.") var out: String?
    @Option(help: "With --row/--column: print only the largest N weights.") var top = 20
    @Flag(help: "No progress bar.") var quiet = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        guard [row != nil, column != nil, threshold != nil].filter({ $0 }).count == 1 else {
            throw ValidationError("give exactly one of --row, --column or --threshold")
        }
        if threshold != nil && out == nil { throw ValidationError("--threshold needs --out PATH for the new store") }
    }

    struct Entry: Encodable { var node: String; var weight: Double }

    func run() throws {
        let store = try storeOptions.open()
        let factorised = try store.factorisedPopulation(population)
        if let threshold, let out {
            let sources = try store.nodePopulation(factorised.sourcePopulation).contents()
            let targets = try store.nodePopulation(factorised.targetPopulation).contents()
            let edgeName = EdgePopulationName.make(connectome: population, kind: factorised.kind, source: sources.name, target: targets.name)
            let bar = ProgressBar(label: "thresholding", enabled: !quiet)
            var edges = 0
            let nodes = sources.name == targets.name ? [sources] : [sources, targets]
            try StoreWriter.writeStreaming(nodes: nodes, connectomes: [], to: out) { writing in
                let writer = try writing.addEdgePopulation(StreamedEdgePopulation(
                    name: edgeName, sourcePopulation: sources.name, targetPopulation: targets.name, sourceCount: factorised.sourceCount,
                    targetCount: factorised.targetCount, kind: factorised.kind, weightSemantics: factorised.weightSemantics + " ≥ \(threshold)",
                    provenance: factorised.provenance, weightType: .float64))
                edges = try factorised.threshold(threshold, into: writer) { bar.update($0) }
                try writing.addConnectome(ConnectomeContents(name: population, description: "Entries ≥ \(threshold) of factorised \(population)",
                                                             provenance: factorised.provenance, weightSemantics: factorised.weightSemantics,
                                                             nodePopulations: nodes.map(\.name), edgePopulations: [edgeName]))
            }
            bar.finish()
            print("Wrote \(out): \(edges) entries ≥ \(threshold) of \(population) as connectome \(population).")
            return
        }
        let byRow = row != nil
        let nodeName = row ?? column!
        let own = try store.nodePopulation(byRow ? factorised.sourcePopulation : factorised.targetPopulation)
        let other = try store.nodePopulation(byRow ? factorised.targetPopulation : factorised.sourcePopulation)
        let index = try own.index(of: nodeName)
        let weights = byRow ? try factorised.row(index) : try factorised.column(index)
        let names = try other.names()
        let entries = weights.indices.sorted { weights[$0] > weights[$1] }.prefix(top).map { Entry(node: names[$0], weight: weights[$0]) }
        if output.json { return try printJSON(entries) }
        print("\(byRow ? "row" : "column") \(nodeName) of \(population): \(weights.count) weights, sum \(weights.reduce(0, +)); largest \(entries.count):")
        for entry in entries { print(String(format: "  %-12@ %.6g", entry.node, entry.weight)) }
    }
}
