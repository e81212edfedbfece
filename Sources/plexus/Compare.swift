import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare

/// `plexus compare …`: brains against models.
struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare neural responses with models: RDMs, RSA and encoding models (docs/compare.md).",
        subcommands: [CompareRDM.self, CompareRSA.self, CompareRegress.self, CompareResponses.self])
}

extension RDMMethod: ExpressibleByArgument {}
extension ComparisonMethod: ExpressibleByArgument {}
extension BootstrapScheme: ExpressibleByArgument {}

/// Noise model for mahalanobis and crossnobis RDMs.
enum NoiseOption: String, ExpressibleByArgument, CaseIterable {
    case none, shrinkage_diag, shrinkage_eye
    var shrinkage: NoiseShrinkage? { self == .none ? nil : NoiseShrinkage(rawValue: rawValue) }
}

/// Writes the files of one result into `directory`. Everything is computed before this is
/// called, and each file is written to a temporary name and renamed, so a failure never
/// leaves a half-written file.
func writeResults(_ files: [String: Data], to directory: String) throws {
    try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    for (name, data) in files.sorted(by: { $0.key < $1.key }) {
        try AtomicFile.write(data, to: directory + "/" + name)
    }
}

func jsonData<T: Encodable>(_ value: T) throws -> Data { try JSONOutput.encode(value) }

/// Wall-clock seconds since `start`.
func seconds(since start: DispatchTime) -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }

struct Timing: Encodable {
    /// Computation only (files already read).
    let computeSeconds: Double
    /// Reading, computing and writing.
    let totalSeconds: Double
}

/// `plexus compare rdm`.
struct CompareRDM: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rdm", abstract: "Compute the RDM of one set of response patterns.")

    @Option(help: "Responses: FILE.csv, FILE.npy or FILE.h5:/dataset (conditions × channels, stimuli × channels × repeats, or long-format CSV).")
    var data: String
    @Option(help: "Dissimilarity: \(RDMMethod.allCases.map(\.rawValue).joined(separator: ", ")).") var rdm: RDMMethod = .correlation
    @Option(help: "Noise precision for mahalanobis/crossnobis: none, shrinkage_diag, shrinkage_eye.") var noise: NoiseOption = .shrinkage_diag
    @Option(help: "Output directory (rdm.npy: the RDM vector; rdm.svg; result.json).") var out: String

    func run() throws {
        let start = DispatchTime.now()
        let patterns = try ComparisonInputs.patterns(data)
        let computeStart = DispatchTime.now()
        let precision = try [.mahalanobis, .crossnobis].contains(rdm) ? noise.shrinkage.map { try NoisePrecision.precision(of: patterns, method: $0) } : nil
        let result = try RDM.compute(rdm, patterns: patterns, precision: precision)
        let compute = seconds(since: computeStart)
        let npy = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-rdm-\(getpid()).npy").path
        defer { try? FileManager.default.removeItem(atPath: npy) }
        try ArrayFile.writeNPY(result.vector, shape: [result.vector.count], to: npy)
        struct Summary: Encodable { let data: String; let method: String; let noise: String?; let conditions: Int; let channels: Int; let timing: Timing }
        let summary = Summary(data: data, method: rdm.rawValue, noise: [.mahalanobis, .crossnobis].contains(rdm) ? noise.rawValue : nil,
                              conditions: result.conditions, channels: patterns.measurements.columns,
                              timing: Timing(computeSeconds: compute, totalSeconds: seconds(since: start)))
        try writeResults(["rdm.npy": try Data(contentsOf: URL(fileURLWithPath: npy)),
                          "rdm.svg": Data(ComparisonPlots.rdmHeatMap(result, title: "\(rdm.rawValue) RDM of \(data)").utf8),
                          "result.json": try jsonData(summary)], to: out)
        print(String(format: "%d conditions × %d channels → %@ RDM in %.3f s; wrote %@/rdm.npy, rdm.svg, result.json",
                     result.conditions, patterns.measurements.columns, rdm.rawValue, compute, out))
    }
}
