import ArgumentParser
import CElegans
import NetworkModels
import SpikingEngine

/// Named stimulus protocols of `plexus simulate celegans`.
enum StimulusProtocol: String, ExpressibleByArgument, CaseIterable {
    case touchAnterior = "touch-anterior", touchPosterior = "touch-posterior", nociception, none
}

/// The worm's neuron model.
enum WormModelChoice: String, ExpressibleByArgument, CaseIterable {
    case graded, lif
}

extension GradedThreshold: ExpressibleByArgument {}

/// Options that apply to `plexus simulate celegans` only.
struct WormOptions: ParsableArguments {
    @Option(help: "Connectome to simulate (default cook2019_herm; see `plexus connectome list`).") var connectome: String?
    @Option(name: .customLong("model"), help: "Neuron model: graded (default; graded neurons and synapses, worm-model.md) or lif (the spiking LIF worm).")
    var chosenModel: WormModelChoice?

    var neuronModel: WormModelChoice { chosenModel ?? .graded }
    var modelWasGiven: Bool { chosenModel != nil }
    @Option(help: "Stimulus protocol: touch-anterior (ALML, ALMR, AVM; the default), touch-posterior (PLML, PLMR; the LIF model adds PVM), nociception (ASHL, ASHR) or none.")
    var stimulus: StimulusProtocol?
    @Option(help: "Current of the protocol's step [pA] (default 20 for graded, 40 for lif).") var amplitude: Double?
    @Option(name: .customLong("stimulus-start"), help: "Start of the protocol's step [ms] (default 1000 for graded, 300 for lif).")
    var stimulusStart: Double?
    @Option(name: .customLong("stimulus-duration"), help: "Length of the protocol's step [ms] (default 1000 for graded, 300 for lif).")
    var stimulusDuration: Double?
    @Option(help: ArgumentHelp("Extra current steps: NEURON[,NEURON...]:AMPLITUDE_pA:START-STOP_ms (repeatable).", valueName: "spec"))
    var stimulate: [String] = []
    @Option(name: .customLong("model-params"), help: "JSON file overriding default worm model parameters (docs/celegans.md lists the keys of each model).")
    var modelParams: String?
    @Option(help: ArgumentHelp("Graded: synapse signs: transmitter (default), fenyves2020, chalfie, or a CSV file pre,post,sign.", valueName: "signs"))
    var signs: String?
    @Option(help: ArgumentHelp("Graded: remove these cells' chemical and electrical connections in both directions (comma-separated, repeatable).", valueName: "cells"))
    var ablate: [String] = []
    @Option(help: "Graded: where each sigmoid is centred: wicks (network rest, default) or kunert (rest with the stimulus included).")
    var threshold: GradedThreshold?
    @Option(help: "Graded: integration step [ms] (default 0.1; at most 1).") var dt: Double?
    @Option(name: .customLong("record-interval"), help: "Graded: sampling interval of the traces [ms] (default 1; a multiple of --dt).")
    var recordInterval: Double?
    @Flag(name: .customLong("perturbation-map"), help: "Graded: stimulate each of --neurons (default all) in turn with the protocol's step and record every neuron's response.")
    var perturbationMap = false
    @Option(help: ArgumentHelp("Graded, with --perturbation-map: the neurons to stimulate (comma-separated, repeatable).", valueName: "cells"))
    var neurons: [String] = []

    var connectomeName: String { connectome ?? "cook2019_herm" }

    /// Comma-separated, repeatable lists flattened.
    static func list(_ values: [String]) -> [String] {
        values.flatMap { $0.split(separator: ",") }.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Worm options given with a model file would be silently ignored: reject them instead.
    func rejectWormOptionsForModelFiles() throws {
        let given = [(connectome != nil, "--connectome"), (stimulus != nil, "--stimulus"),
                     (!stimulate.isEmpty, "--stimulate"), (modelParams != nil, "--model-params"),
                     (amplitude != nil, "--amplitude"), (stimulusStart != nil, "--stimulus-start"),
                     (stimulusDuration != nil, "--stimulus-duration"), (modelWasGiven, "--model")] + gradedOnly
        let named = given.filter(\.0).map(\.1)
        guard named.isEmpty else {
            throw ValidationError("\(named.joined(separator: ", ")) apply to `plexus simulate celegans` only; a model file sets its own stimuli and parameters")
        }
    }

    private var gradedOnly: [(Bool, String)] {
        [(signs != nil, "--signs"), (!ablate.isEmpty, "--ablate"), (threshold != nil, "--threshold"), (dt != nil, "--dt"),
         (recordInterval != nil, "--record-interval"), (perturbationMap, "--perturbation-map"), (!neurons.isEmpty, "--neurons")]
    }

    /// Options of the graded model given with `--model lif` would be ignored: reject them.
    func rejectGradedOptionsForLIF() throws {
        let named = gradedOnly.filter(\.0).map(\.1)
        guard named.isEmpty else {
            throw ValidationError("\(named.joined(separator: ", ")) apply to the graded worm only; drop them or use --model graded")
        }
    }

    func validate() throws {
        for (value, name) in [(amplitude, "--amplitude")] where value.map({ !$0.isFinite }) ?? false {
            throw ValidationError("\(name) must be a finite current in pA (got \(value!))")
        }
        if let start = stimulusStart, !(start >= 0 && start.isFinite) { throw ValidationError("--stimulus-start must be ≥ 0 ms (got \(start))") }
        if let length = stimulusDuration, !(length > 0 && length.isFinite) { throw ValidationError("--stimulus-duration must be > 0 ms (got \(length))") }
        if let dt, !(dt > 0 && dt <= GradedSimulation.largestResolution) {
            throw ValidationError("--dt must be > 0 and ≤ \(GradedSimulation.largestResolution) ms, where the graded integrator's readouts are validated to three decimals (got \(dt))")
        }
        if let recordInterval, !(recordInterval > 0 && recordInterval.isFinite) {
            throw ValidationError("--record-interval must be > 0 ms (got \(recordInterval))")
        }
        if !neurons.isEmpty && !perturbationMap { throw ValidationError("--neurons selects the cells of --perturbation-map; add --perturbation-map") }
        if perturbationMap && (!stimulate.isEmpty || stimulus != nil) {
            throw ValidationError("--perturbation-map stimulates each of --neurons in turn; drop --stimulate and --stimulus")
        }
    }

    /// The LIF worm's stimuli: the protocol (with PVM in touch-posterior, unchanged) and --stimulate.
    func stimuli(parameters: WormParameters) throws -> [NamedStimulus] {
        var list: [NamedStimulus] = []
        let chosen = stimulus ?? .touchAnterior
        let neurons = NamedStimulus.protocols[chosen.rawValue] ?? []
        if !neurons.isEmpty {
            let start = stimulusStart ?? parameters.stimulusStart
            let stop = stimulusDuration.map { start + $0 } ?? (stimulusStart == nil ? parameters.stimulusStop : start + parameters.stimulusStop - parameters.stimulusStart)
            list.append(NamedStimulus(name: chosen.rawValue, neurons: neurons, amplitude: amplitude ?? parameters.stimulusAmplitude,
                                      start: start, stop: stop))
        }
        list += try stimulate.map(NamedStimulus.parse)
        return list
    }

    /// The graded worm's protocol step (or nil for `none`) and the --stimulate steps.
    func gradedStimuli() throws -> (protocol: GradedProtocol, steps: [NamedStimulus]) {
        let chosen = GradedProtocol.named((stimulus ?? .touchAnterior).rawValue)!
        var steps: [NamedStimulus] = []
        if !chosen.neurons.isEmpty {
            let start = stimulusStart ?? 1000
            steps.append(NamedStimulus(name: chosen.name, neurons: chosen.neurons, amplitude: amplitude ?? 20,
                                       start: start, stop: start + (stimulusDuration ?? 1000)))
        }
        steps += try stimulate.map(NamedStimulus.parse)
        return (chosen, steps)
    }
}
