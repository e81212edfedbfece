import ConnectomeCore
import ConnectomeStore
import Foundation

/// Writes connectomes back out as CSV.
public enum CSVExport {
    /// The connectome's edges as `pre,post,kind,weight` text, sorted by kind, pre, post.
    /// Gap junctions appear once per pair, with the alphabetically first cell as `pre`.
    public static func edgesText(of connectome: Connectome) throws -> String {
        var rows: [(SynapseKind, String, String, Double)] = []
        for population in connectome.edgePopulations {
            let list = try population.edgeList()
            let sourceNames = try connectome.store(population.sourcePopulation).names()
            let targetNames = try connectome.store(population.targetPopulation).names()
            for i in 0..<list.count {
                var pre = sourceNames[Int(list.sources[i])], post = targetNames[Int(list.targets[i])]
                if population.isSymmetric && post < pre { swap(&pre, &post) }
                rows.append((population.kind, pre, post, list.weights[i]))
            }
        }
        rows.sort { ($0.0, $0.1, $0.2) < ($1.0, $1.1, $1.2) }
        var text = EdgeCSV.header.joined(separator: ",") + "\n"
        text.reserveCapacity(rows.count * 24)
        for (kind, pre, post, weight) in rows {
            text += CSVFormatting.field(pre) + "," + CSVFormatting.field(post) + "," + kind.rawValue + "," + CSVFormatting.number(weight) + "\n"
        }
        return text
    }

    /// Writes the edges to `path` (atomically).
    public static func writeEdges(of connectome: Connectome, to path: String) throws {
        let text = try edgesText(of: connectome)
        try AtomicFile.write(to: path) { temporary in
            try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
        }
    }

    /// Writes `edges.csv` and one `nodes/<population>.csv` per node population into `directory`
    /// (created if needed). Each file is written atomically.
    public static func writeDirectory(of connectome: Connectome, to directory: String) throws {
        try FileManager.default.createDirectory(atPath: directory + "/nodes", withIntermediateDirectories: true)
        try writeEdges(of: connectome, to: directory + "/edges.csv")
        for population in connectome.nodePopulations {
            let text = NodeCSV.text(of: try population.table())
            try AtomicFile.write(to: directory + "/nodes/\(population.name).csv") { temporary in
                try Data(text.utf8).write(to: URL(fileURLWithPath: temporary))
            }
        }
    }
}
