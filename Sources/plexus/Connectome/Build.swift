import ArgumentParser
import ConnectomeImport
import ConnectomeStore

/// `plexus connectome build MANIFEST --out PATH`.
struct Build: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Build a whole store from a JSON manifest of CSV files (how connectomes/celegans.h5 is made).")

    @Argument(help: "Manifest JSON, e.g. connectomes/manifest.json.") var manifest: String
    @Option(help: "Store file to write (replaced atomically).") var out: String

    func run() throws {
        try StoreManifest.read(path: manifest).build(manifestPath: manifest, output: out)
        let store = try StoreFile.open(out)
        print("Built \(out): \(store.connectomeNames.joined(separator: ", ")).")
    }
}
