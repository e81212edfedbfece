/// One neuron as the engine needs to know it.
public struct NeuronDescription: Sendable, Equatable {
    /// Unique name, e.g. `AVAL` or `E[17]`.
    public var name: String
    /// The population it belongs to (for rates and the runaway guard).
    public var population: String
    /// The neuron's dynamics and their parameters (``NeuronModel``).
    public var model: NeuronModel
    /// LIF parameters; reading them from a neuron of another model gives the defaults, so
    /// only LIF code (which runs after ``NetworkRecipe/modelFamily()``) reads them.
    public var parameters: LIFParameters {
        get { if case let .lif(parameters) = model { return parameters } else { return LIFParameters() } }
        set { model = .lif(newValue) }
    }
    /// Membrane potential at t = 0 [mV].
    public var initialPotential: Double
    /// Cell class (e.g. `AVA` for AVAL) and type (sensory, interneuron, motor …), for
    /// selecting stimulus targets and grouping rasters; empty when not known.
    public var cellClass: String
    public var cellType: String
    /// When set, the neuron is a Poisson spike source firing at this rate [Hz] (as NEST's
    /// `poisson_generator` feeding a parrot neuron): it has no membrane, ignores
    /// `parameters`, and may not receive connections or stimuli. Its spikes travel through
    /// its synapses, plastic ones included.
    public var spikeSourceRate: Double? = nil

    public init(name: String, population: String, parameters: LIFParameters, initialPotential: Double,
                cellClass: String = "", cellType: String = "") {
        self.init(name: name, population: population, model: .lif(parameters), initialPotential: initialPotential,
                  cellClass: cellClass, cellType: cellType)
    }

    /// A neuron of any model. `initialPotential` is ignored by graded neurons, which start at
    /// their resting equilibrium.
    public init(name: String, population: String, model: NeuronModel, initialPotential: Double,
                cellClass: String = "", cellType: String = "") {
        self.name = name
        self.population = population
        self.model = model
        self.initialPotential = initialPotential
        self.cellClass = cellClass
        self.cellType = cellType
    }
}

/// A chemical synapse leaving a neuron.
public struct Connection: Sendable, Equatable {
    /// Index of the postsynaptic neuron.
    public var target: Int
    /// [mV] for delta synapses, [pA] for exponential current synapses; negative is inhibitory.
    public var weight: Double
    /// Time from the presynaptic spike to the postsynaptic effect [ms]; ≥ the resolution.
    /// Plasticity rules see it as purely axonal (``STDPRule``).
    public var delay: Double
    /// A plasticity rule, or nil for a static synapse.
    public var plasticity: STDPRule?

    public init(target: Int, weight: Double, delay: Double, plasticity: STDPRule? = nil) {
        self.target = target
        self.weight = weight
        self.delay = delay
        self.plasticity = plasticity
    }
}

/// An electrical coupling: a current g·(V_b − V_a) into `a` and g·(V_a − V_b) into `b`.
public struct GapJunction: Sendable, Equatable {
    public var a: Int
    public var b: Int
    /// Coupling conductance [nS] (so g·ΔV in mV is a current in pA).
    public var conductance: Double

    public init(a: Int, b: Int, conductance: Double) {
        self.a = a
        self.b = b
        self.conductance = conductance
    }
}

/// A network the engine can run, described lazily neuron by neuron (as Arbor's recipe), so a
/// stored connectome and a generated network look the same and nothing forces the whole
/// graph to exist in one intermediate form.
public protocol NetworkRecipe {
    /// The number of neurons; neurons are indexed 0 ..< neuronCount.
    var neuronCount: Int { get }
    /// The description of neuron `index`.
    func neuron(_ index: Int) throws -> NeuronDescription
    /// The chemical synapses leaving neuron `source`.
    func connections(from source: Int) throws -> [Connection]
    /// Every gap junction, each pair once.
    func gapJunctions() throws -> [GapJunction]
    /// The number of chemical synapses if known in advance (lets the engine size its
    /// connection tables once instead of growing them, which briefly doubles them).
    var synapseCountHint: Int? { get }
}

extension NetworkRecipe {
    public var synapseCountHint: Int? { nil }

    /// Every gap junction checked (both neurons in range, conductance finite and ≥ 0 nS) as
    /// each neuron's partners and conductances, in the order the recipe lists them; a
    /// self-coupling carries no current and is dropped. `names` name neurons in messages.
    func gapJunctionPartners(names: [String]) throws -> [[(partner: Int32, conductance: Double)]] {
        let n = neuronCount
        var partners = [[(partner: Int32, conductance: Double)]](repeating: [], count: n)
        for junction in try gapJunctions() {
            let item = "gap junction \(junction.a)–\(junction.b)"
            guard junction.a >= 0, junction.a < n else { throw SpikingEngineError.neuronOutOfRange(item: item, index: junction.a, count: n) }
            guard junction.b >= 0, junction.b < n else { throw SpikingEngineError.neuronOutOfRange(item: item, index: junction.b, count: n) }
            guard junction.conductance.isFinite, junction.conductance >= 0 else {
                throw SpikingEngineError.invalidParameter(item: "gap junction \(names[junction.a])–\(names[junction.b])", parameter: "conductance",
                                                          value: junction.conductance, requirement: "must be ≥ 0 nS")
            }
            guard junction.a != junction.b else { continue }
            partners[junction.a].append((Int32(junction.b), junction.conductance))
            partners[junction.b].append((Int32(junction.a), junction.conductance))
        }
        return partners
    }
}

/// A network held in memory (for tests, small models and generated networks).
public struct ExplicitNetwork: NetworkRecipe, Sendable {
    public var neurons: [NeuronDescription]
    public var outgoing: [[Connection]]
    public var couplings: [GapJunction]

    public init(neurons: [NeuronDescription], outgoing: [[Connection]]? = nil, couplings: [GapJunction] = []) {
        self.neurons = neurons
        self.outgoing = outgoing ?? Array(repeating: [], count: neurons.count)
        self.couplings = couplings
    }

    public var neuronCount: Int { neurons.count }
    public func neuron(_ index: Int) -> NeuronDescription { neurons[index] }
    public func connections(from source: Int) -> [Connection] { outgoing[source] }
    public func gapJunctions() -> [GapJunction] { couplings }

    /// Adds a synapse.
    public mutating func connect(_ source: Int, _ target: Int, weight: Double, delay: Double, plasticity: STDPRule? = nil) {
        outgoing[source].append(Connection(target: target, weight: weight, delay: delay, plasticity: plasticity))
    }
}
