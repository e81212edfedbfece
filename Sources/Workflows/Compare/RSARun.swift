import ConnectomeCore
import Foundation
import NeuralCompare

/// `compare rsa`: model RDMs against each subject's RDM, with the noise ceiling and bootstrap
/// intervals, written as result.json, result.csv and SVG plots.
public struct RSARun {
    public var data: [String], models: [String]
    public var method: RDMMethod, modelMethod: RDMMethod
    public var noise: NoiseShrinkage?
    public var comparison: ComparisonMethod
    public var bootstrap: Int
    public var bootstrapOver: BootstrapScheme
    public var seed: UInt64
    public var out: String

    public init(data: [String], models: [String], method: RDMMethod, modelMethod: RDMMethod, noise: NoiseShrinkage?, comparison: ComparisonMethod,
                bootstrap: Int, bootstrapOver: BootstrapScheme, seed: UInt64, out: String) {
        self.data = data
        self.models = models
        self.method = method
        self.modelMethod = modelMethod
        self.noise = noise
        self.comparison = comparison
        self.bootstrap = bootstrap
        self.bootstrapOver = bootstrapOver
        self.seed = seed
        self.out = out
    }

    public struct ModelResult: Encodable, Sendable {
        public let name: String, file: String, mean: Double, subjects: [Double]
        public let standardErrorAcrossSubjects: Double?
        public let bootstrap: Interval?
    }
    public struct Interval: Encodable, Sendable {
        public let mean: Double, standardError: Double, lower95: Double, upper95: Double, samples: Int, over: String
    }
    public struct Ceiling: Encodable, Sendable { public let lower: Double, upper: Double }
    public struct Result: Encodable, Sendable {
        public let data: [String], rdm: String, modelRdm: String, comparison: String, conditions: Int
        public let models: [ModelResult], noiseCeiling: Ceiling?, timing: Timing
    }

    public func execute() throws -> Result {
        let start = DispatchTime.now()
        let subjects = try data.map { try ComparisonInputs.patterns($0) }
        let k = subjects[0].conditionLabels.count
        for subject in subjects where subject.conditionLabels.count != k {
            throw WorkflowError("\(subject.name) has \(subject.conditionLabels.count) conditions but \(subjects[0].name) has \(k); all subjects must share the conditions")
        }
        let computeStart = DispatchTime.now()
        let subjectRDMs = try subjects.map { patterns -> RDM in
            let precision = try [.mahalanobis, .crossnobis].contains(method) ? noise.map { try NoisePrecision.precision(of: patterns, method: $0) } : nil
            return try RDM.compute(method, patterns: patterns, precision: precision)
        }
        let readModels = DispatchTime.now()
        let modelRDMs = try models.map { try ComparisonInputs.modelRDM($0, conditions: k, featureMethod: modelMethod) }
        let modelReading = seconds(since: readModels)
        let preparedSubjects = subjectRDMs.map { PreparedRDM($0, method: comparison) }
        let perSubject = modelRDMs.map { model -> [Double] in
            let prepared = PreparedRDM(model, method: comparison)
            return preparedSubjects.map { prepared.similarity(to: $0) }
        }
        let ceiling = subjectRDMs.count >= 2 ? try RSANoiseCeiling.compute(subjectRDMs, method: comparison) : nil
        let intervals = bootstrap > 0
            ? RSABootstrap.evaluate(models: modelRDMs, subjects: subjectRDMs, method: comparison, scheme: bootstrapOver, samples: bootstrap, seed: seed) : nil
        // Model files are read inside the timed region; their reading time is reported apart.
        let compute = seconds(since: computeStart) - modelReading
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
        let result = Result(data: data, rdm: method.rawValue, modelRdm: modelMethod.rawValue, comparison: comparison.rawValue, conditions: k,
                            models: results, noiseCeiling: ceiling.map { Ceiling(lower: $0.lower, upper: $0.upper) },
                            timing: Timing(computeSeconds: compute, totalSeconds: seconds(since: start)))
        try writeResults(files(result, subjectRDMs: subjectRDMs, modelRDMs: modelRDMs, ceiling: ceiling, intervals: intervals), to: out)
        return result
    }

    /// result.json, result.csv, the mean data RDM, the model bar chart and up to 20 model RDMs.
    func files(_ result: Result, subjectRDMs: [RDM], modelRDMs: [RDM], ceiling: RSANoiseCeiling?,
               intervals: [BootstrapSummary]?) throws -> [String: Data] {
        let results = result.models, k = result.conditions
        var csv = "model,mean," + (intervals != nil ? "lower95,upper95," : "") + data.indices.map { "subject\($0 + 1)" }.joined(separator: ",") + "\n"
        for r in results {
            csv += "\(r.name),\(r.mean)," + (r.bootstrap.map { "\($0.lower95),\($0.upper95)," } ?? "") + r.subjects.map { "\($0)" }.joined(separator: ",") + "\n"
        }
        let meanRDM = RDM(conditions: k, vector: (0..<subjectRDMs[0].vector.count).map { i in subjectRDMs.reduce(0) { $0 + $1.vector[i] } / Double(subjectRDMs.count) },
                          name: "data")
        var files: [String: Data] = [
            "result.json": try JSONOutput.encode(result), "result.csv": Data(csv.utf8),
            "rdm_data.svg": Data(ComparisonPlots.rdmHeatMap(meanRDM, title: "\(method.rawValue) RDM, mean of \(subjectRDMs.count) subject(s)").utf8),
            "comparison.svg": Data(ComparisonPlots.modelBars(
                names: results.map(\.name), values: results.map(\.mean),
                errorLow: intervals.map { $0.map(\.lower) }, errorHigh: intervals.map { $0.map(\.upper) }, ceiling: ceiling,
                title: "RSA: \(comparison.rawValue) between model and \(method.rawValue) data RDMs"
                    + (intervals != nil ? " (95 % bootstrap intervals over \(bootstrapOver.rawValue))" : ""),
                yLabel: "RDM similarity (\(comparison.rawValue))").utf8),
        ]
        for model in modelRDMs.prefix(20) {
            files["rdm_model_\(model.name).svg"] = Data(ComparisonPlots.rdmHeatMap(model, title: "model \(model.name)").utf8)
        }
        return files
    }
}
