import ArgumentParser
import ConnectomeCore
import ConnectomeImport
import ConnectomeStore
import Foundation

/// `plexus connectome import csv|sonata …`.
struct Import: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Import a connectome into a store (created if missing; replaced atomically).",
        subcommands: [ImportCSV.self, ImportSONATA.self])
}

/// Options naming the store an import writes to. Writes need an explicit path so that the
/// shipped C. elegans store is never changed by accident.
struct OutputStoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Store to add the connectome to; created if it does not exist.", valueName: "PATH"))
    var store: String
}

struct ProvenanceOptions: ParsableArguments {
    @Option(help: "One-line description of the connectome.") var description: String = ""
    @Option(help: "Citation of the source publication.") var citation: String = ""
    @Option(help: "Licence of the data.") var license: String = ""
    @Option(name: .customLong("weight-semantics"), help: "What a weight counts or measures, e.g. \"synapse count\".")
    var weightSemantics: String = ""

    var metadata: ConnectomeMetadata {
        ConnectomeMetadata(description: description, provenance: Provenance(citation: citation, license: license),
                           weightSemantics: weightSemantics)
    }
}

/// `plexus connectome import csv EDGES.csv [--nodes NODES.csv …] --name NAME --store PATH`.
struct ImportCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "csv",
        abstract: "Import an edge list with columns pre,post,kind,weight (kind: chemical|electrical).",
        discussion: """
        Node files (columns name,class,type,transmitter,x,y,z; only name is required) each become one \
        node population named after the file. Without --nodes, one population <NAME>_nodes is made from \
        the names in the edge file. Gap junctions must be listed once per pair.
        """)

    @Argument(help: "Edge list CSV.") var edges: String
    @Option(name: .customLong("nodes"), help: "Node CSV (repeat for several populations).") var nodeFiles: [String] = []
    @Option(help: "Name of the new connectome ([A-Za-z0-9_.-]+).") var name: String
    @Flag(name: .customLong("no-reverse-index"),
          help: "Skip the by-target index (saves about 3.5 bytes per edge; fan-in queries then scan all edges).")
    var noReverseIndex = false
    @Flag(help: ArgumentHelp(
        "Import in bounded memory (about 1 GB for any number of edges): blocks of lines, external merge sort, streamed writing. Writes a new store without the by-target index."))
    var streamed = false
    @Option(name: .customLong("run-edges"), help: "With --streamed: edges per sorted run (memory ≈ 48 bytes × this).")
    var runEdges = 1 << 24
    @Option(name: .customLong("temporary-directory"), help: "With --streamed: where sorted runs go (default: beside the store).")
    var temporaryDirectory: String?
    @Option(name: .customLong("sorted"), help: ArgumentHelp(
        "With --streamed: the file is already sorted (chemical before electrical rows, grouped by population pair, then by pre and post, all in node-file order; gap junctions as pre ≤ post); write "
            + "it in one pass with weights of this type (int32, float32, float64). A row out of order stops the import.",
        valueName: "WEIGHT-TYPE"))
    var sorted: StreamedWeightType?
    @Flag(help: "No progress bar.") var quiet = false
    @OptionGroup var storeOptions: OutputStoreOptions
    @OptionGroup var provenance: ProvenanceOptions

    func validate() throws {
        if runEdges < 1 { throw ValidationError("--run-edges must be ≥ 1") }
        if sorted != nil && !streamed { throw ValidationError("--sorted needs --streamed") }
    }

    func run() throws {
        if streamed { return try runStreamed() }
        let result = try CSVImport.importConnectome(
            name: name, edgesPath: edges, nodes: nodeFiles.map { NodeSource(path: $0) },
            metadata: provenance.metadata, storePath: storeOptions.store, reverseIndex: !noReverseIndex)
        let counts = result.edges.reduce(into: [String: Int]()) { $0[$1.kind.rawValue, default: 0] += $1.edges.count }
        print("Imported \(name) into \(storeOptions.store): "
              + counts.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: ", ") + " connections.")
    }
}

extension StreamedWeightType: ExpressibleByArgument {}

extension ImportCSV {
    func runStreamed() throws {
        let bar = ProgressBar(label: "importing", enabled: !quiet)
        let summary = try StreamedCSVImport.importConnectome(
            name: name, edgesPath: edges, nodes: nodeFiles.map { NodeSource(path: $0) }, metadata: provenance.metadata,
            storePath: storeOptions.store,
            options: StreamedCSVImport.Options(runLength: runEdges, temporaryDirectory: temporaryDirectory, sortedWeightType: sorted)) { bar.update($0) }
        bar.finish()
        let total = summary.edges.values.reduce(0, +)
        print(String(format: "Imported %@ into %@: %d connections in %d edge populations, %d sorted run%@, %.1f s (%.2g edges/s), peak RSS %.0f MB.",
                     name, storeOptions.store, total, summary.edges.count, summary.runs, summary.runs == 1 ? "" : "s",
                     summary.seconds, Double(total) / max(summary.seconds, 1e-9), Double(peakResidentBytes()) / 1e6))
    }
}

/// `plexus connectome import sonata DIR [--name NAME] --store PATH`.
struct ImportSONATA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sonata", abstract: "Import a SONATA circuit directory (nodes.h5 and edges.h5).")

    @Argument(help: "Directory holding nodes.h5 and edges.h5.") var directory: String
    @Option(help: "Name of the new connectome (default: the name recorded by plexus export).") var name: String?
    @Flag(help: "Read edges.h5 in blocks and sort them externally (bounded memory); writes a new store without the by-target index.")
    var streamed = false
    @Option(name: .customLong("run-edges"), help: "With --streamed: edges per sorted run.") var runEdges = 1 << 24
    @Flag(help: "No progress bar.") var quiet = false
    @OptionGroup var storeOptions: OutputStoreOptions

    func run() throws {
        if streamed {
            let bar = ProgressBar(label: "importing", enabled: !quiet)
            let summary = try StreamedSONATAImport.importCircuit(directory: directory, name: name, storePath: storeOptions.store,
                                                                 options: StreamedCSVImport.Options(runLength: max(1, runEdges))) { bar.update($0) }
            bar.finish()
            print("Imported \(directory) into \(storeOptions.store): \(summary.edges.values.reduce(0, +)) connections in \(summary.edges.count) edge populations, \(summary.runs) sorted runs, "
                  + String(format: "%.1f s.", summary.seconds))
            return
        }
        let result = try SONATAImport.read(directory: directory, name: name)
        try result.write(into: storeOptions.store)
        print("Imported \(result.connectome.name) into \(storeOptions.store): \(result.edges.reduce(0) { $0 + $1.edges.count }) connections.")
    }
}
