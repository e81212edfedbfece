import Foundation

/// A condition on one node attribute, e.g. `x<5000`, `class=AVA`, `type!=motor`, `name=AVAL`.
///
/// Numeric attributes take =, !=, <, <=, >, >= with a number; categorical attributes and
/// `name` take = and != with a string. A node whose population lacks the attribute, or whose
/// numeric value is unknown (NaN), does not satisfy the condition.
public struct NodePredicate: Sendable, Equatable, CustomStringConvertible {
    public enum Comparison: String, Sendable, CaseIterable {
        case lessOrEqual = "<=", greaterOrEqual = ">=", notEqual = "!=", equal = "=", less = "<", greater = ">"
    }

    public var attribute: String
    public var comparison: Comparison
    public var value: String

    public init(attribute: String, comparison: Comparison, value: String) {
        self.attribute = attribute
        self.comparison = comparison
        self.value = value
    }

    /// Parses `attribute OP value` (two-character operators are tried first).
    public init(parsing text: String) throws {
        for comparison in Comparison.allCases {
            guard let range = text.range(of: comparison.rawValue) else { continue }
            let attribute = text[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
            let value = text[range.upperBound...].trimmingCharacters(in: .whitespaces)
            guard !attribute.isEmpty, !value.isEmpty else { break }
            self.init(attribute: attribute, comparison: comparison, value: value)
            return
        }
        throw StoreError.invalidContents(what: "node condition \"\(text)\"",
                                         problem: "write ATTRIBUTE OP VALUE with OP one of =, !=, <, <=, >, >= (e.g. x<5000 or class=AVA)")
    }

    public var description: String { attribute + comparison.rawValue + value }

    /// Whether each node of `population` satisfies the condition.
    func evaluate(on population: NodePopulation) throws -> [Bool] {
        let categorical = try population.categoricalAttributeNames()
        if attribute == "name" || categorical.contains(attribute) {
            guard comparison == .equal || comparison == .notEqual else {
                throw StoreError.invalidContents(what: "node condition \(self)",
                                                 problem: "\(attribute) is a text attribute; compare it with = or !=")
            }
            let values = attribute == "name" ? try population.names() : try population.categorical(attribute)
            return values.map { ($0 == value) == (comparison == .equal) }
        }
        let numeric = try population.numericAttributeNames()
        guard numeric.contains(attribute) else {
            return [Bool](repeating: false, count: population.count)
        }
        guard let number = Double(value) else {
            throw StoreError.invalidContents(what: "node condition \(self)", problem: "\(attribute) is numeric but \(value) is not a number")
        }
        return try population.numeric(attribute).map { x in
            switch comparison {
            case .equal: x == number
            case .notEqual: !x.isNaN && x != number
            case .less: x < number
            case .lessOrEqual: x <= number
            case .greater: x > number
            case .greaterOrEqual: x >= number
            }
        }
    }
}
