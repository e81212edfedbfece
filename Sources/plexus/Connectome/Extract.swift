import ArgumentParser
import ConnectomeStore
import Foundation

/// `plexus connectome extract NAME --out PATH [--where COND ...] [--nodes LIST]`.
struct Extract: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Copy the subgraph induced by a node selection into a new store (streamed; the source is never loaded whole).",
        discussion: """
        A node is kept when it satisfies every --where condition and, if --nodes is given, is listed. \
        Conditions are ATTRIBUTE OP VALUE with OP one of =, !=, <, <=, >, >=: numeric attributes \
        (x<5000, z>=1200) or text attributes and names (class=AVA, type!=motor, name=AVAL). A box region \
        is three pairs of conditions on x, y and z. Every edge between two kept nodes is copied with its \
        weight and delay; nodes are renumbered in their original order.
        """)

    @Argument(help: "Connectome to take the subgraph of.") var name: String
    @Option(help: "The new store (an existing file is replaced only with --overwrite).") var out: String
    @Flag(help: "Replace --out if it exists.") var overwrite = false
    @Option(name: .customLong("as"), help: "Name of the new connectome (default: NAME_subgraph).") var newName: String?
    @Option(name: .customLong("where"), help: "A condition on node attributes (repeatable; all must hold).") var conditions: [String] = []
    @Option(help: ArgumentHelp("Node names to keep: comma-separated, or @FILE with one name per line.", valueName: "LIST"))
    var nodes: String?
    @Flag(help: "No progress bar.") var quiet = false
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func validate() throws {
        if conditions.isEmpty && nodes == nil { throw ValidationError("give at least one --where condition or a --nodes list") }
    }

    func nodeNames() throws -> Set<String>? {
        guard let nodes else { return nil }
        let text: String
        if nodes.hasPrefix("@") {
            let path = String(nodes.dropFirst())
            guard let data = FileManager.default.contents(atPath: path) else { throw ValidationError("cannot read node list \(path)") }
            text = String(decoding: data, as: UTF8.self)
        } else {
            text = nodes
        }
        let names = text.split(whereSeparator: { $0 == "," || $0.isNewline }).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !names.isEmpty else { throw ValidationError("--nodes lists no names") }
        return Set(names)
    }

    func run() throws {
        if FileManager.default.fileExists(atPath: out) && !overwrite {
            throw ValidationError("\(out) exists; choose another --out or pass --overwrite")
        }
        let connectome = try storeOptions.open().connectome(name)
        let selection = NodeSelection(predicates: try conditions.map { try NodePredicate(parsing: $0) }, names: try nodeNames())
        let bar = ProgressBar(label: "extracting", enabled: !quiet && !output.json)
        let summary = try SubgraphExtraction.extract(connectome, selection: selection, as: newName ?? "\(name)_subgraph", to: out) { bar.update($0) }
        bar.finish()
        if output.json { return try printJSON(summary) }
        let nodeCount = summary.nodes.values.reduce(0, +), edgeCount = summary.edges.values.reduce(0, +)
        print("Wrote \(out) (connectome \(newName ?? "\(name)_subgraph")): \(nodeCount) nodes, \(edgeCount) edges.")
    }
}
