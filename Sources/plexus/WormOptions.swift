import ArgumentParser
import SpikeIO

/// Named stimulus protocols of `plexus simulate celegans`.
enum StimulusProtocol: String, ExpressibleByArgument, CaseIterable {
    case touchAnterior = "touch-anterior", touchPosterior = "touch-posterior", nociception, none
}

/// Options that apply to `plexus simulate celegans` only.
struct WormOptions: ParsableArguments {
    @Option(help: "Connectome to simulate (default cook2019_herm; see `plexus connectome list`).") var connectome: String?
    @Option(help: "Stimulus protocol: touch-anterior (ALML, ALMR, AVM; the default), touch-posterior (PLML, PLMR, PVM), nociception (ASHL, ASHR) or none.")
    var stimulus: StimulusProtocol?
    @Option(help: ArgumentHelp("Extra current steps: NEURON[,NEURON...]:AMPLITUDE_pA:START-STOP_ms (repeatable).", valueName: "spec"))
    var stimulate: [String] = []
    @Option(name: .customLong("model-params"), help: "JSON file overriding default worm model parameters (docs/celegans.md).")
    var modelParams: String?

    var connectomeName: String { connectome ?? "cook2019_herm" }

    /// Worm options given with a model file would be silently ignored: reject them instead.
    func rejectWormOptionsForModelFiles() throws {
        let given = [(connectome != nil, "--connectome"), (stimulus != nil, "--stimulus"),
                     (!stimulate.isEmpty, "--stimulate"), (modelParams != nil, "--model-params")].filter(\.0).map(\.1)
        guard given.isEmpty else {
            throw ValidationError("\(given.joined(separator: ", ")) apply to `plexus simulate celegans` only; a model file sets its own stimuli and parameters")
        }
    }

    func stimuli(parameters: WormParameters) throws -> [NamedStimulus] {
        var list: [NamedStimulus] = []
        let chosen = stimulus ?? .touchAnterior
        let neurons = NamedStimulus.protocols[chosen.rawValue] ?? []
        if !neurons.isEmpty {
            list.append(NamedStimulus(name: chosen.rawValue, neurons: neurons, amplitude: parameters.stimulusAmplitude,
                                      start: parameters.stimulusStart, stop: parameters.stimulusStop))
        }
        list += try stimulate.map(NamedStimulus.parse)
        return list
    }
}
