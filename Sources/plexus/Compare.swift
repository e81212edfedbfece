import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare
import Workflows

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
        let summary = try RDMRun(data: data, method: rdm, noise: noise.shrinkage, out: out).execute()
        print(String(format: "%d conditions × %d channels → %@ RDM in %.3f s; wrote %@/rdm.npy, rdm.svg, result.json",
                     summary.conditions, summary.channels, rdm.rawValue, summary.timing.computeSeconds, out))
    }
}
