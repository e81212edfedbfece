import ConnectomeCore
import ArgumentParser
import ConnectomeImport
import ConnectomeStore
import Foundation

/// `--store PATH`, shared by every command that reads a store.
struct StoreOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Connectome store to read (default: $PLEXUS_STORE, else the shipped C. elegans store connectomes/celegans.h5).",
        valueName: "PATH"))
    var store: String?

    /// The store path after applying the defaults.
    var resolvedPath: String { store ?? StoreOptions.defaultStorePath }

    /// `$PLEXUS_STORE`, else `connectomes/celegans.h5` in the source tree this binary was
    /// built from, else the same relative to the working directory.
    static var defaultStorePath: String {
        if let path = ProcessInfo.processInfo.environment["PLEXUS_STORE"], !path.isEmpty { return path }
        return shippedStoreDirectory + "/celegans.h5"
    }

    /// `connectomes/` of the checkout this binary lives in (found by walking up from the
    /// executable: `.build/<triple>/release/plexus` sits three folders below the checkout), else
    /// of the working directory. The binary's location, not the path it was compiled at, so a
    /// checkout that is moved or copied still finds its own connectomes.
    static var shippedStoreDirectory: String {
        var directory = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0]))
            .resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<5 {
            let candidate = directory.appendingPathComponent("connectomes")
            if FileManager.default.fileExists(atPath: candidate.appendingPathComponent("manifest.json").path) { return candidate.path }
            directory = directory.deletingLastPathComponent()
        }
        return "connectomes"
    }

    /// Opens the store. The shipped worm store is built from its CSVs (connectomes/manifest.json)
    /// on first use, and rebuilt when a CSV is newer than it, so it never goes stale.
    func open() throws -> StoreFile {
        let path = resolvedPath
        let manifest = StoreOptions.shippedStoreDirectory + "/manifest.json"
        if store == nil, path == StoreOptions.shippedStoreDirectory + "/celegans.h5",
           FileManager.default.fileExists(atPath: manifest) {
            let recipe = try StoreManifest.read(path: manifest)
            if recipe.needsRebuild(manifestPath: manifest, store: path) {
                FileHandle.standardError.write(Data("Building the C. elegans store \(path) from \(manifest)…\n".utf8))
                try recipe.build(manifestPath: manifest, output: path)
            }
        }
        return try StoreFile.open(path)
    }
}

/// `--json`, shared by every command that reads.
struct JSONOption: ParsableArguments {
    @Flag(name: .long, help: "Print machine-readable JSON instead of a table.")
    var json = false
}

/// Prints `value` as pretty, key-sorted JSON (NaN as the string "NaN").
func printJSON<T: Encodable>(_ value: T) throws {
    print(String(decoding: try JSONOutput.encode(value), as: UTF8.self))
}

/// Left-aligned text columns for terminal tables.
func formatTable(_ rows: [[String]], rightAligned: Set<Int> = []) -> String {
    guard let first = rows.first else { return "" }
    let widths = (0..<first.count).map { column in rows.map { $0[column].count }.max() ?? 0 }
    return rows.map { row in
        row.enumerated().map { column, cell in
            let pad = String(repeating: " ", count: widths[column] - cell.count)
            return rightAligned.contains(column) ? pad + cell : cell + pad
        }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
    }.joined(separator: "\n")
}

/// Integers without decimals, others with up to 3.
func formatNumber(_ value: Double) -> String {
    if value.isNaN { return "–" }
    if value == value.rounded() && abs(value) < 1e15 { return String(Int64(value)) }
    return String(format: "%.3f", value)
}
