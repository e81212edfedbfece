import ConnectomeCore
import ArgumentParser
import ConnectomeStore

/// `plexus connectome info NAME`.
struct Info: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a connectome's cells, connections, synapse totals per kind and degree statistics.")

    @Argument(help: "Connectome name (see `plexus connectome list`).")
    var name: String

    @Option(name: .customLong("degrees-csv"), help: ArgumentHelp(
        "Also write the full degree distributions as CSV (distribution,degree,cells).", valueName: "PATH"))
    var degreesCSV: String?
    @OptionGroup var storeOptions: StoreOptions
    @OptionGroup var output: JSONOption

    func run() throws {
        let store = try storeOptions.open()
        let summary = try ConnectomeSummary(try store.connectome(name))
        if let degreesCSV {
            var text = "distribution,degree,cells\n"
            for (label, histogram) in summary.degreeHistograms.sorted(by: { $0.key < $1.key }) {
                for (degree, cells) in histogram.enumerated() where cells > 0 { text += "\"\(label)\",\(degree),\(cells)\n" }
            }
            try AtomicFile.write(to: degreesCSV) { try text.write(toFile: $0, atomically: false, encoding: .utf8) }
        }
        if output.json { return try printJSON(summary) }
        print("\(summary.name): \(summary.description)")
        if !summary.citation.isEmpty { print("Citation: \(summary.citation)") }
        if !summary.license.isEmpty { print("Licence:  \(summary.license)") }
        if !summary.weightSemantics.isEmpty { print("Weights:  \(summary.weightSemantics)") }
        print("")
        print(formatTable([["population", "cells"]] + summary.nodes.sorted { $0.key < $1.key }.map { [$0.key, String($0.value)] },
                          rightAligned: [1]))
        print("connected cells: \(summary.connectedNodes)")
        print("")
        let edgeRows = summary.edgePopulations.map {
            [$0.kind.rawValue, "\($0.sourcePopulation) → \($0.targetPopulation)", String($0.edges), formatNumber($0.totalWeight), String($0.selfConnections)]
        }
        print(formatTable([["kind", "populations", "connections", "weight sum", "self"]] + edgeRows, rightAligned: [2, 3, 4]))
        print("")
        for kind in summary.edgesByKind.keys.sorted() {
            let pairs = kind == "electrical" ? " (once per pair)" : ""
            print("total \(kind): \(summary.edgesByKind[kind]!) connections\(pairs), weight sum \(formatNumber(summary.weightByKind[kind] ?? 0))")
        }
        print("")
        let degreeRows = summary.degrees.sorted { $0.key < $1.key }.filter { !$0.value.mean.isNaN }.map {
            [$0.key, formatNumber($0.value.mean), formatNumber($0.value.standardDeviation), formatNumber($0.value.median), formatNumber($0.value.maximum)]
        }
        print(formatTable([["degree", "mean", "sd", "median", "max"]] + degreeRows, rightAligned: [1, 2, 3, 4]))
    }
}
