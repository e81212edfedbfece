import Foundation
import SpikingEngine

/// `summary.json` of a graded worm run and the lines printed after it.
public struct GradedWormReport: Encodable, Sendable {
    public struct Step: Encodable, Sendable {
        public var name: String
        public var neurons: [String]
        public var amplitudePA: Double
        public var startMs: Double
        public var stopMs: Double
    }
    public struct ReturnToRest: Encodable, Sendable {
        /// Largest |a(end) − a(0)| over neurons.
        public var residualActivity: Double
        /// What counts as rest again (worm-model.md check 2): 0.01, a tenth of the smallest
        /// command-interneuron response the touch checks rely on.
        public var tolerance: Double
        public var returned: Bool
        public var timeAfterStimulusMs: Double
    }

    public var model = "graded"
    public var connectome: String
    public var signs: String
    public var thresholdConvention: String
    public var contacts: ContactCounts
    public var composition: GradedWorm.Composition
    public var parameters: GradedWormParameters
    public var simulation: GradedSummary
    public var stimuli: [Step]
    /// Δa per neuron: mean activity over the last 200 ms of the first step minus the mean before it.
    public var responses: [String: Double]
    public var groups: [String: [String]] = ["backward": CommandGroup.backward.cells, "forward": CommandGroup.forward.cells]
    public var behaviour: Behaviour?
    public var returnToRest: ReturnToRest?
    public var outputs: [String]

    public static let restTolerance = 0.01

    public init(worm: GradedWorm, parameters: GradedWormParameters, simulation: GradedSummary, steps: [NamedStimulus],
                protocol chosen: GradedProtocol, accumulator: ResponseAccumulator, outputs: [String]) {
        connectome = worm.connectome
        signs = worm.signs
        thresholdConvention = simulation.thresholdConvention
        contacts = worm.contacts
        composition = worm.composition
        self.parameters = parameters
        self.simulation = simulation
        stimuli = steps.map { Step(name: $0.name, neurons: $0.neurons, amplitudePA: $0.amplitude, startMs: $0.start, stopMs: $0.stop) }
        let values = accumulator.responses
        responses = values.map { Dictionary(uniqueKeysWithValues: zip(worm.neurons.names, $0)) } ?? [:]
        behaviour = values.flatMap { Behaviour(stimulus: chosen, names: worm.neurons.names, responses: $0, excluded: Set(worm.composition.ablated)) }
        if let first = steps.first, first.stop < simulation.durationMs {
            let residual = accumulator.residualActivity
            returnToRest = ReturnToRest(residualActivity: residual, tolerance: Self.restTolerance, returned: residual < Self.restTolerance,
                                        timeAfterStimulusMs: simulation.durationMs - first.stop)
        }
        self.outputs = outputs
    }

    /// The lines printed after the run.
    public var text: String {
        var lines = [String(format: "Simulated %g ms of %d graded neurons (%d chemical synapses, %d gap junctions; signs %@, V_th %@) in %.2f s (%.3f s integrating).",
                            simulation.durationMs, simulation.neurons, simulation.synapses, simulation.gapJunctions, signs,
                            thresholdConvention, simulation.wallSeconds, simulation.simulationSeconds)]
        if !composition.ablated.isEmpty {
            lines.append("Ablated \(composition.ablated.joined(separator: ", ")): removed \(composition.removedChemicalConnections) chemical connections and \(composition.removedGapJunctionPairs) "
                + "gap-junction pairs; V_th re-solved.")
        }
        if let b = behaviour {
            lines.append(String(format: "Command interneurons, Δactivity over the last 200 ms of %@: backward (AVA, AVD) %+.4f, forward (AVB, PVC) %+.4f; expected %@: %@.",
                                b.stimulus, b.backwardChange, b.forwardChange, b.expected, b.agrees.map { $0 ? "yes" : "no" } ?? "n/a"))
            let classes = CommandGroup.classes.map { cls in b.classChange[cls].map { String(format: "%@ %+.4f", cls, $0) } ?? "\(cls) ablated" }
                .joined(separator: ", ")
            var largest = "Largest command response: \(b.largestResponder) (\(classes))"
            if let expected = b.expectedLargestResponder { largest += "; expected \(expected): \(b.largestResponderAgrees == true ? "yes" : "no")" }
            lines.append(largest + (b.excludedCells.isEmpty ? "." : "; ablated cells left out of the means."))
        }
        let top = responses.sorted { abs($0.value) > abs($1.value) || (abs($0.value) == abs($1.value) && $0.key < $1.key) }.prefix(8)
        if !top.isEmpty { lines.append("Largest responses: " + top.map { String(format: "%@ %+.3f", $0.key, $0.value) }.joined(separator: ", ")) }
        if let rest = returnToRest {
            lines.append(String(format: "%.0f ms after the stimulus the largest deviation from rest is %.4f (%@ %.2f).",
                                rest.timeAfterStimulusMs, rest.residualActivity, rest.returned ? "back to rest: below" : "not back to rest: above", rest.tolerance))
        }
        return lines.joined(separator: "\n")
    }
}
