import ConnectomeCore
import ArgumentParser
import Foundation
import NeuralCompare

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
        let start = DispatchTime.now()
        let subjects = try data.map { try ComparisonInputs.patterns($0) }
        let k = subjects[0].conditionLabels.count
        for subject in subjects where subject.conditionLabels.count != k {
            throw ValidationError("\(subject.name) has \(subject.conditionLabels.count) conditions but \(subjects[0].name) has \(k); all subjects must share the conditions")
        }
        let computeStart = DispatchTime.now()
        let subjectRDMs = try subjects.map { patterns -> RDM in
            let precision = try [.mahalanobis, .crossnobis].contains(rdm) ? noise.shrinkage.map { try NoisePrecision.precision(of: patterns, method: $0) } : nil
            return try RDM.compute(rdm, patterns: patterns, precision: precision)
        }
        let readModels = DispatchTime.now()
        let modelRDMs = try models.map { try ComparisonInputs.modelRDM($0, conditions: k, featureMethod: modelRdm) }
        let modelReading = seconds(since: readModels)
        let preparedSubjects = subjectRDMs.map { PreparedRDM($0, method: compare) }
        let perSubject = modelRDMs.map { model -> [Double] in
            let prepared = PreparedRDM(model, method: compare)
            return preparedSubjects.map { prepared.similarity(to: $0) }
        }
        let ceiling = subjectRDMs.count >= 2 ? try RSANoiseCeiling.compute(subjectRDMs, method: compare) : nil
        let intervals = bootstrap > 0
            ? RSABootstrap.evaluate(models: modelRDMs, subjects: subjectRDMs, method: compare, scheme: bootstrapOver, samples: bootstrap, seed: seed) : nil
        // Model files are read inside the timed region; their reading time is reported apart.
        let compute = seconds(since: computeStart) - modelReading

        struct ModelResult: Encodable {
            let name: String, file: String, mean: Double, subjects: [Double]
            let standardErrorAcrossSubjects: Double?
            let bootstrap: Interval?
        }
        struct Interval: Encodable { let mean: Double; let standardError: Double; let lower95: Double; let upper95: Double; let samples: Int; let over: String }
        struct Ceiling: Encodable { let lower: Double; let upper: Double }
        struct Result: Encodable {
            let data: [String]; let rdm: String; let modelRdm: String; let comparison: String; let conditions: Int
            let models: [ModelResult]; let noiseCeiling: Ceiling?; let timing: Timing
        }
        let results = modelRDMs.enumerated().map { m, model -> ModelResult in
            let values = perSubject[m]
            let mean = values.reduce(0, +) / Double(values.count)
            let sem = values.count > 1 ? (values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) / Double(values.count)).squareRoot() : nil
            let interval = intervals.map { summary in
                Interval(mean: summary[m].mean, standardError: summary[m].standardError, lower95: summary[m].lower, upper95: summary[m].upper,
                         samples: bootstrap, over: bootstrapOver.rawValue)
            }
            return ModelResult(name: model.name, file: models[m], mean: mean, subjects: values, standardErrorAcrossSubjects: sem, bootstrap: interval)
        }
        let result = Result(data: data, rdm: rdm.rawValue, modelRdm: modelRdm.rawValue, comparison: compare.rawValue, conditions: k,
                            models: results, noiseCeiling: ceiling.map { Ceiling(lower: $0.lower, upper: $0.upper) },
                            timing: Timing(computeSeconds: compute, totalSeconds: seconds(since: start)))
        var csv = "model,mean," + (intervals != nil ? "lower95,upper95," : "") + data.indices.map { "subject\($0 + 1)" }.joined(separator: ",") + "\n"
        for r in results {
            csv += "\(r.name),\(r.mean)," + (r.bootstrap.map { "\($0.lower95),\($0.upper95)," } ?? "") + r.subjects.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        let meanRDM = RDM(conditions: k, vector: (0..<subjectRDMs[0].vector.count).map { i in subjectRDMs.reduce(0) { $0 + $1.vector[i] } / Double(subjectRDMs.count) }, name: "data")
        var files: [String: Data] = [
            "result.json": try jsonData(result), "result.csv": Data(csv.utf8),
            "rdm_data.svg": Data(ComparisonPlots.rdmHeatMap(meanRDM, title: "\(rdm.rawValue) RDM, mean of \(subjectRDMs.count) subject(s)").utf8),
            "comparison.svg": Data(ComparisonPlots.modelBars(
                names: results.map(\.name), values: results.map(\.mean),
                errorLow: intervals.map { $0.map(\.lower) }, errorHigh: intervals.map { $0.map(\.upper) }, ceiling: ceiling,
                title: "RSA: \(compare.rawValue) between model and \(rdm.rawValue) data RDMs" + (intervals != nil ? " (95 % bootstrap intervals over \(bootstrapOver.rawValue))" : ""),
                yLabel: "RDM similarity (\(compare.rawValue))").utf8),
        ]
        for model in modelRDMs.prefix(20) {
            files["rdm_model_\(model.name).svg"] = Data(ComparisonPlots.rdmHeatMap(model, title: "model \(model.name)").utf8)
        }
        try writeResults(files, to: out)
        print(formatTable([["model", "mean " + compare.rawValue] + (intervals != nil ? ["95 % interval"] : [])] + results.map { r in
            [r.name, String(format: "%.4f", r.mean)] + (r.bootstrap.map { [String(format: "%.4f – %.4f", $0.lower95, $0.upper95)] } ?? [])
        }))
        if let ceiling { print(String(format: "noise ceiling: %.4f – %.4f", ceiling.lower, ceiling.upper)) }
        print(String(format: "computed in %.3f s; wrote %@/result.json, result.csv, comparison.svg and RDM heat maps", compute, out))
    }
}
