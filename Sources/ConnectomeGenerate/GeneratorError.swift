/// A generator parameter that cannot be used; the description says which and what is allowed.
public enum GeneratorError: Error, CustomStringConvertible, Equatable {
    case invalidParameter(name: String, value: String, requirement: String)

    public var description: String {
        switch self {
        case let .invalidParameter(name, value, requirement):
            return "generator parameter \(name) = \(value) cannot be used: it must be \(requirement)."
        }
    }
}
