/// The dynamics of a neuron: the seam every neuron model plugs into.
///
/// Each case has its own folder under `Models/` holding its parameters (with their
/// validation), the constants and state they lower to, and the kernel that advances them:
///
/// - `Models/LIF/`: leaky integrate-and-fire with delta, exponential-current or conductance
///   synapses, advanced exactly between events (``Simulation``);
/// - `Models/Graded/`: graded-potential neurons with saturating graded synapses and ohmic
///   gap junctions, advanced on a clock (``GradedSimulation``);
/// - `Models/McCullochPitts/`: binary threshold units in discrete time (``BinaryNetwork``),
///   which have no membrane and are built directly from model files.
///
/// A network runs on one kernel, so its neurons share one model family (spike sources count
/// as spiking); ``NetworkRecipe/modelFamily()`` says which, or why the mixture cannot run.
/// Adding a model means a new folder, a case here, and its name in the model-file parser
/// (docs/ARCHITECTURE.md lists the exact files).
public enum NeuronModel: Sendable, Hashable {
    case lif(LIFParameters)
    case graded(GradedParameters)

    /// The kernel family that runs neurons of this model.
    public var family: NeuronModelFamily {
        switch self {
        case .lif: return .spiking
        case .graded: return .graded
        }
    }

    /// Rejects parameters the model's dynamics cannot use, naming `item`.
    public func validate(item: String) throws {
        switch self {
        case let .lif(parameters): try parameters.validate(item: item)
        case let .graded(parameters): try parameters.validate(item: item)
        }
    }
}

/// Which kernel runs a network.
public enum NeuronModelFamily: String, Sendable {
    /// Spike-emitting neurons (LIF and Poisson spike sources) on the exact event-driven kernel.
    case spiking
    /// Graded-potential neurons on the clock-driven graded kernel.
    case graded
}

extension NetworkRecipe {
    /// The one model family of the recipe's neurons; an error naming the first neuron of
    /// another family if they are mixed (spikes and graded potentials have no defined
    /// interaction in these models).
    public func modelFamily() throws -> NeuronModelFamily {
        guard neuronCount > 0 else { return .spiking }
        let first = try neuron(0)
        let family = first.spikeSourceRate == nil ? first.model.family : .spiking
        for index in 1..<neuronCount {
            let neuron = try neuron(index)
            let other = neuron.spikeSourceRate == nil ? neuron.model.family : .spiking
            guard other == family else {
                throw SpikingEngineError.invalidNetwork(
                    "neuron \(neuron.name) (population \(neuron.population)) is \(other.rawValue) but \(first.name) is \(family.rawValue); one network runs one model family, so split them into "
                        + "separate runs")
            }
        }
        return family
    }
}
