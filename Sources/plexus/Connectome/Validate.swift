import ArgumentParser
import ConnectomeStore

/// `plexus connectome validate FILE`.
struct Validate: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check every invariant of a store (all edges are scanned, in bounded memory).")

    @Argument(help: "Store file to check.") var file: String
    @OptionGroup var output: JSONOption

    struct Report: Encodable { var file: String; var valid: Bool; var formatVersion: UInt32; var connectomes: [String]; var edgePopulations: Int; var edges: Int }

    func run() throws {
        let store = try StoreFile.open(file)
        try store.validate()
        let edges = try store.edgePopulationNames.reduce(0) { $0 + (try store.edgePopulation($1).count) }
        let report = Report(file: file, valid: true, formatVersion: store.formatVersion, connectomes: store.connectomeNames,
                            edgePopulations: store.edgePopulationNames.count, edges: edges)
        if output.json { return try printJSON(report) }
        print("\(file): valid plexus store, format version \(store.formatVersion), \(store.connectomeNames.count) connectomes, \(report.edgePopulations) edge populations, \(edges) edges.")
    }
}
