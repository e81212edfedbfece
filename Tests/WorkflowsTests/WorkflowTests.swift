import CElegans
import ConnectomeCore
import Foundation
import NetworkModels
import SpikingEngine
import Testing
import Workflows
import _TestSupport

/// A five-cell worm fragment: a touch cell coupled to AVD, AVD exciting AVA, and the forward
/// cells AVB and PVC driven more weakly; enough for every output of a graded run.
final class FragmentProvider: ConnectomeProvider, Sendable {
    let cells = ConnectomeNeurons(names: ["ALML", "AVAL", "AVBL", "AVDL", "PVCL"], classes: ["ALM", "AVA", "AVB", "AVD", "PVC"],
                                  types: ["sensory", "interneuron", "interneuron", "interneuron", "interneuron"],
                                  transmitters: ["glutamate", "acetylcholine", "acetylcholine", "acetylcholine", "GABA"])
    func neurons(of connectome: String) throws -> ConnectomeNeurons { cells }
    func edges(of connectome: String, kind: SynapseKind) throws -> ConnectomeEdges {
        kind == .chemical ? ConnectomeEdges(pre: [0, 3, 0, 4], post: [3, 1, 2, 2], weight: [3, 5, 1, 2])
                          : ConnectomeEdges(pre: [0], post: [3], weight: [4])
    }
}

@Suite("Workflows, in process")
struct WorkflowTests {
    static func worm() throws -> GradedWorm {
        try GradedWorm.build(provider: FragmentProvider(), connectome: "fragment", parameters: GradedWormParameters())
    }

    static func run(_ directory: String, cell: String = "ALML") throws -> GradedWormReport {
        let step = NamedStimulus(name: "touch-anterior", neurons: [cell], amplitude: 20, start: 200, stop: 600)
        return try GradedWormRun(worm: worm(), parameters: GradedWormParameters(), steps: [step], protocol: GradedProtocol.named("touch-anterior")!,
                                 configuration: SimulationConfiguration(duration: 800), recordInterval: 1, directory: directory).execute()
    }

    @Test("a graded worm run writes every output and nothing else, and reports every neuron's response")
    func gradedWorm() throws {
        let directory = TemporaryDirectory()
        let report = try Self.run(directory.file("run"))
        #expect(Set(try FileManager.default.contentsOfDirectory(atPath: directory.file("run"))) == Set(GradedWormRun.outputs))
        #expect(report.responses.count == 5 && report.responses["ALML"]! > 0.4, "\(report.responses)")
        // AVD is coupled to the touch cell, so the backward group rises more.
        #expect(report.behaviour?.agrees == true, "\(String(describing: report.behaviour))")
    }

    @Test("a run that cannot write leaves nothing: an output path that is a file")
    func failedRunLeavesNothing() throws {
        let directory = TemporaryDirectory()
        let blocker = directory.write("blocker", "a file")
        #expect(throws: (any Error).self) { try Self.run(blocker) }
        #expect(directory.contents == ["blocker"])
    }

    @Test("a perturbation map's rows equal single graded runs of each neuron")
    func perturbationMap() throws {
        let directory = TemporaryDirectory()
        let worm = try Self.worm()
        let summary = try PerturbationMapRun(worm: worm, stimulated: [0, 3], amplitude: 20, start: 200, stop: 600,
                                             configuration: SimulationConfiguration(duration: 800), threads: 2, directory: directory.file("map")).execute()
        #expect(summary.stimulated == 2 && summary.responding == 5)
        let rows = try String(contentsOfFile: directory.file("map/perturbation.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        for cell in ["ALML", "AVDL"] {
            let single = try Self.run(directory.file("single-\(cell)"), cell: cell)
            for row in rows where row.hasPrefix(cell + ",") {
                let fields = row.split(separator: ",")
                #expect(Double(fields[2])! == single.responses[String(fields[1])]!, "\(row)")
            }
        }
    }

    @Test("McCulloch–Pitts: the XOR example reaches its fixed point and writes one spike per active unit and step")
    func binary() throws {
        let directory = TemporaryDirectory()
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/xor.json").path
        let summary = try BinaryRun(specification: ModelFile.read(path: file), modelPath: file, duration: nil, seed: nil,
                                    directory: directory.file("xor")).execute()
        #expect(summary.attractorLength == 1, "XOR's network settles: \(summary)")
        let rows = try String(contentsOfFile: directory.file("xor/spikes.csv"), encoding: .utf8).split(separator: "\n").dropFirst()
        #expect(rows.count == summary.activePerStep.reduce(0, +))
    }
}
