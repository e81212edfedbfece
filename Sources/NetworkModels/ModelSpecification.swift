import SpikingEngine
import ConnectomeCore

/// A value that is either fixed or drawn per neuron or per synapse.
public enum ValueSpecification: Sendable, Equatable {
    case constant(Double)
    case uniform(low: Double, high: Double)
    case normal(mean: Double, standardDeviation: Double)
}

/// Which neurons a stimulus or recorder addresses.
public enum NeuronSelector: Sendable, Equatable {
    case all
    case population(String)
    case names([String])
    case cellClasses([String])
    case cellTypes([String])
    /// Indices `lower ..< upper` within a population.
    case range(population: String, lower: Int, upper: Int)
}

/// A population of identical LIF neurons, generated or taken from a stored connectome.
public struct PopulationSpecification: Sendable, Equatable {
    public var name: String
    /// Number of neurons (generated populations).
    public var size: Int
    /// For populations taken from a connectome: its name (the neurons and their names,
    /// classes and types come from the store).
    public var connectome: String?
    public var parameters: LIFParameters
    public var initialPotential: ValueSpecification
    /// For McCulloch–Pitts populations: the threshold θ and the initial state of every unit.
    public var binary: (threshold: Double, initiallyActive: Bool)? = nil
    /// For Poisson spike-source populations: the rate of every source [Hz].
    public var sourceRate: Double? = nil
    /// For graded populations: their parameters (then `parameters` and `initialPotential` are unused).
    public var graded: GradedParameters? = nil

    /// The neuron model of every neuron of the population.
    public var model: NeuronModel { graded.map { .graded($0) } ?? .lif(parameters) }

    public static func == (a: PopulationSpecification, b: PopulationSpecification) -> Bool {
        a.name == b.name && a.size == b.size && a.connectome == b.connectome && a.parameters == b.parameters
            && a.initialPotential == b.initialPotential && a.binary?.threshold == b.binary?.threshold
            && a.binary?.initiallyActive == b.binary?.initiallyActive && a.sourceRate == b.sourceRate && a.graded == b.graded
    }

    public init(name: String, size: Int, connectome: String?, parameters: LIFParameters, initialPotential: ValueSpecification) {
        self.name = name
        self.size = size
        self.connectome = connectome
        self.parameters = parameters
        self.initialPotential = initialPotential
    }
}

/// How to draw the synapses of a projection.
public enum ConnectionRule: Sendable, Equatable {
    /// Each (source, target) pair independently with probability p (Bernoulli).
    case fixedProbability(Double)
    /// Every target receives exactly k synapses from sources drawn uniformly.
    case fixedIndegree(Int)
    case oneToOne
    case allToAll
    /// Explicit (source index, target index) pairs within the populations.
    case explicit([(Int, Int)])
    /// The stored connectome's edges of one kind; weight = count × weight-per-count × sign.
    case connectome(kind: SynapseKind)

    public static func == (a: ConnectionRule, b: ConnectionRule) -> Bool {
        switch (a, b) {
        case let (.fixedProbability(x), .fixedProbability(y)): return x == y
        case let (.fixedIndegree(x), .fixedIndegree(y)): return x == y
        case (.oneToOne, .oneToOne), (.allToAll, .allToAll): return true
        case let (.explicit(x), .explicit(y)): return x.count == y.count && zip(x, y).allSatisfy { $0 == $1 }
        case let (.connectome(x), .connectome(y)): return x == y
        default: return false
        }
    }
}

public struct ProjectionSpecification: Sendable, Equatable {
    public var name: String
    public var source: String
    public var targets: [String]
    public var rule: ConnectionRule
    /// [mV] for delta synapses, [pA] for exponential ones, [nS] for conductance ones (negative:
    /// inhibitory conductance); for connectome projections, per unit of stored weight.
    public var weight: ValueSpecification
    public var delay: ValueSpecification
    public var allowAutapses: Bool
    public var allowMultapses: Bool
    /// Connectome projections: sign of each presynaptic transmitter (default in ``TransmitterSigns``).
    public var transmitterSigns: [String: Double]
    /// Connectome projections: signs for chemical synapses from neurons of these classes,
    /// taking precedence over the transmitter (e.g. a circuit hypothesis such as Chalfie et
    /// al. 1985's inhibitory touch-cell synapses).
    public var presynapticClassSigns: [String: Double] = [:]
    /// Connectome projections with kind "electrical": gap conductance per unit of stored weight [nS].
    public var conductance: Double
    /// A plasticity rule for every synapse of the projection, or nil (static).
    public var plasticity: STDPRule? = nil
    /// Connectome projections: take each synapse's delay from the store (`"delay": "stored"`).
    public var storedDelays = false

    public init(name: String, source: String, targets: [String], rule: ConnectionRule, weight: ValueSpecification,
                delay: ValueSpecification, allowAutapses: Bool, allowMultapses: Bool, transmitterSigns: [String: Double],
                conductance: Double, presynapticClassSigns: [String: Double] = [:]) {
        self.presynapticClassSigns = presynapticClassSigns
        self.name = name
        self.source = source
        self.targets = targets
        self.rule = rule
        self.weight = weight
        self.delay = delay
        self.allowAutapses = allowAutapses
        self.allowMultapses = allowMultapses
        self.transmitterSigns = transmitterSigns
        self.conductance = conductance
    }
}

public struct StimulusSpecification: Sendable, Equatable {
    public var name: String
    public var kind: StimulusKind
    /// For McCulloch–Pitts models: hold the targets at this value for the whole run.
    public var clamp: Bool? = nil
    public var targets: NeuronSelector

    public init(name: String, kind: StimulusKind, targets: NeuronSelector) {
        self.name = name
        self.kind = kind
        self.targets = targets
    }
}

public struct RecordingSpecification: Sendable, Equatable {
    public var spikes: NeuronSelector? = .all
    public var voltage: NeuronSelector? = nil
    public var voltageInterval: Double? = nil
    /// Interval between snapshots of plastic weights [ms] (weights.h5), or nil.
    public var weightInterval: Double? = nil

    public init(spikes: NeuronSelector? = .all, voltage: NeuronSelector? = nil, voltageInterval: Double? = nil) {
        self.spikes = spikes
        self.voltage = voltage
        self.voltageInterval = voltageInterval
    }
}

/// Everything a model file says.
public struct ModelSpecification: Sendable, Equatable {
    public var name: String
    public var description: String
    public var duration: Double
    public var resolution: Double
    public var seed: UInt64
    public var maxRateHz: Double?
    public var populations: [PopulationSpecification]
    public var projections: [ProjectionSpecification]
    public var stimuli: [StimulusSpecification]
    public var recording: RecordingSpecification

    public init(name: String, description: String, duration: Double, resolution: Double, seed: UInt64, maxRateHz: Double?,
                populations: [PopulationSpecification], projections: [ProjectionSpecification],
                stimuli: [StimulusSpecification], recording: RecordingSpecification) {
        self.name = name
        self.description = description
        self.duration = duration
        self.resolution = resolution
        self.seed = seed
        self.maxRateHz = maxRateHz
        self.populations = populations
        self.projections = projections
        self.stimuli = stimuli
        self.recording = recording
    }
}

/// The default sign of a chemical synapse from its presynaptic neuron's transmitter.
///
/// Acetylcholine is excitatory at most C. elegans synapses and GABA inhibitory (through the
/// GABA-A receptor UNC-49). Glutamate acts through excitatory receptors (e.g. GLR-1) and
/// inhibitory glutamate-gated chloride channels (e.g. AVR-14), so its sign depends on the
/// postsynaptic cell, which the connectome does not record per edge: by default it counts as
/// excitatory, and a model file can override any entry with `transmitter_signs`. Neurons of
/// unknown transmitter also count as excitatory.
public enum TransmitterSigns {
    public static let defaults: [String: Double] = [
        "acetylcholine": 1, "glutamate": 1, "GABA": -1, "unknown": 1, "": 1,
    ]
}
