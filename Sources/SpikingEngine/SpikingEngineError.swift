/// Everything the engine rejects, each naming the item at fault and what would fix it.
public enum SpikingEngineError: Error, CustomStringConvertible, Equatable {
    /// A model parameter is out of range.
    case invalidParameter(item: String, parameter: String, value: Double, requirement: String)
    /// A connection's delay is below the simulation resolution.
    case delayBelowResolution(item: String, delay: Double, resolution: Double)
    /// A stimulus or recorder names a neuron that does not exist.
    case unknownNeuron(item: String, name: String, hint: String)
    /// A neuron index is out of range.
    case neuronOutOfRange(item: String, index: Int, count: Int)
    /// A population fired faster than the configured bound (a runaway network).
    case runaway(population: String, rate: Double, bound: Double, time: Double)
    /// Anything else about the network description.
    case invalidNetwork(String)

    public var description: String {
        switch self {
        case let .invalidParameter(item, parameter, value, requirement):
            return "\(item): \(parameter) = \(value) is invalid; \(requirement)."
        case let .delayBelowResolution(item, delay, resolution):
            return "\(item): delay \(delay) ms is below the resolution \(resolution) ms; use a delay ≥ the resolution or a smaller resolution."
        case let .unknownNeuron(item, name, hint):
            return "\(item): no neuron named \(name)\(hint)"
        case let .neuronOutOfRange(item, index, count):
            return "\(item): neuron index \(index) is outside 0..<\(count)."
        case let .runaway(population, rate, bound, time):
            return "runaway activity: population \(population) fired at \(Int(rate.rounded())) Hz around t = \(time) ms, above the bound of \(Int(bound)) Hz. Check weights and inputs, or raise the "
                + "bound (max_rate_hz)."
        case let .invalidNetwork(message):
            return message
        }
    }
}
