import ArgumentParser
import ConnectomeImport
import ConnectomeStore

/// `plexus connectome export NAME --format csv|sonata --out PATH`.
struct Export: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export a connectome as CSV or SONATA.",
        discussion: """
        csv: if PATH ends in .csv, writes the edge list (pre,post,kind,weight; gap junctions once per pair); \
        otherwise PATH is a directory that gets edges.csv and nodes/<population>.csv. \
        sonata: PATH is a directory that gets nodes.h5, edges.h5 and circuit_config.json.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case csv, sonata }

    @Argument(help: "Connectome name.") var name: String
    @Option(help: "csv or sonata.") var format: Format
    @Option(help: "Output file or directory.") var out: String
    @OptionGroup var storeOptions: StoreOptions

    func run() throws {
        let connectome = try storeOptions.open().connectome(name)
        switch format {
        case .csv where out.hasSuffix(".csv"): try CSVExport.writeEdges(of: connectome, to: out)
        case .csv: try CSVExport.writeDirectory(of: connectome, to: out)
        case .sonata: try SONATAExport.write(connectome, to: out)
        }
        print("Exported \(name) as \(format.rawValue) to \(out)")
    }
}
