import ConnectomeCore
import Foundation
import NeuralCompare

/// `compare rdm`: the RDM of one set of response patterns, written as rdm.npy (the vector),
/// rdm.svg and result.json.
public struct RDMRun {
    public var data: String
    public var method: RDMMethod
    /// The noise precision of mahalanobis and crossnobis RDMs (nil: none).
    public var noise: NoiseShrinkage?
    public var out: String

    public init(data: String, method: RDMMethod, noise: NoiseShrinkage?, out: String) {
        self.data = data
        self.method = method
        self.noise = noise
        self.out = out
    }

    public struct Summary: Encodable, Sendable {
        public let data: String, method: String, noise: String?, conditions: Int, channels: Int, timing: Timing
    }

    public func execute() throws -> Summary {
        let start = DispatchTime.now()
        let patterns = try ComparisonInputs.patterns(data)
        let computeStart = DispatchTime.now()
        let usesNoise = [.mahalanobis, .crossnobis].contains(method)
        let precision = try usesNoise ? noise.map { try NoisePrecision.precision(of: patterns, method: $0) } : nil
        let result = try RDM.compute(method, patterns: patterns, precision: precision)
        let compute = seconds(since: computeStart)
        let npy = FileManager.default.temporaryDirectory.appendingPathComponent("plexus-rdm-\(getpid()).npy").path
        defer { try? FileManager.default.removeItem(atPath: npy) }
        try ArrayFile.writeNPY(result.vector, shape: [result.vector.count], to: npy)
        let summary = Summary(data: data, method: method.rawValue, noise: usesNoise ? (noise?.rawValue ?? "none") : nil,
                              conditions: result.conditions, channels: patterns.measurements.columns,
                              timing: Timing(computeSeconds: compute, totalSeconds: seconds(since: start)))
        try writeResults(["rdm.npy": try Data(contentsOf: URL(fileURLWithPath: npy)),
                          "rdm.svg": Data(ComparisonPlots.rdmHeatMap(result, title: "\(method.rawValue) RDM of \(data)").utf8),
                          "result.json": try JSONOutput.encode(summary)], to: out)
        return summary
    }
}
