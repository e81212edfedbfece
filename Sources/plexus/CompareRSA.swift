import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare
import Workflows

/// `plexus compare rsa`.
struct CompareRSA: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rsa",
        abstract: "Representational similarity analysis: compare model RDMs with subjects' RDMs, with noise ceiling and bootstrap intervals.")

    @Option(parsing: .upToNextOption, help: "One responses file per subject (see `compare rdm --help` for formats).") var data: [String]
    @Option(parsing: .upToNextOption, help: "Model files: RDM vectors, square RDMs, or features with one row per condition.") var models: [String]
    @Option(help: "Dissimilarity for the data: \(RDMMethod.allCases.map(\.rawValue).joined(separator: ", ")).") var rdm: RDMMethod = .correlation
    @Option(help: "Dissimilarity for model features.") var modelRdm: RDMMethod = .correlation
    @Option(help: "Noise precision for mahalanobis/crossnobis: none, shrinkage_diag, shrinkage_eye.") var noise: NoiseOption = .shrinkage_diag
    @Option(help: "RDM comparison: \(ComparisonMethod.allCases.map(\.rawValue).joined(separator: ", ")).") var compare: ComparisonMethod = .corr
    @Option(help: "Bootstrap samples for confidence intervals (0: none).") var bootstrap: Int = 0
    @Option(help: "What the bootstrap resamples: stimuli, subjects or both.") var bootstrapOver: BootstrapScheme = .stimuli
    @Option(help: "Seed of the bootstrap.") var seed: UInt64 = RandomStreams.defaultSeed
    @Option(help: "Output directory.") var out: String

    func validate() throws {
        guard !data.isEmpty, !models.isEmpty else { throw ValidationError("give at least one --data file and one --models file") }
        guard bootstrap >= 0 else { throw ValidationError("--bootstrap must be ≥ 0") }
        if bootstrapOver != .stimuli && bootstrap > 0 && data.count < 2 { throw ValidationError("bootstrapping subjects needs at least two --data files") }
    }

    func run() throws {
        let result = try RSARun(data: data, models: models, method: rdm, modelMethod: modelRdm, noise: noise.shrinkage, comparison: compare,
                                bootstrap: bootstrap, bootstrapOver: bootstrapOver, seed: seed, out: out).execute()
        let bootstrapped = result.models.contains { $0.bootstrap != nil }
        print(formatTable([["model", "mean " + compare.rawValue] + (bootstrapped ? ["95 % interval"] : [])] + result.models.map { r in
            [r.name, String(format: "%.4f", r.mean)] + (r.bootstrap.map { [String(format: "%.4f – %.4f", $0.lower95, $0.upper95)] } ?? [])
        }))
        if let ceiling = result.noiseCeiling { print(String(format: "noise ceiling: %.4f – %.4f", ceiling.lower, ceiling.upper)) }
        print(String(format: "computed in %.3f s; wrote %@/result.json, result.csv, comparison.svg and RDM heat maps", result.timing.computeSeconds, out))
    }
}
