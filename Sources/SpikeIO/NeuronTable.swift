/// Per-neuron metadata written beside the spikes, so a raster file explains itself.
public struct NeuronTable: Sendable {
    public var names: [String]
    public var populations: [String]
    public var classes: [String]
    public var types: [String]

    public init(names: [String], populations: [String], classes: [String], types: [String]) {
        self.names = names
        self.populations = populations
        self.classes = classes
        self.types = types
    }

    public var count: Int { names.count }
}
