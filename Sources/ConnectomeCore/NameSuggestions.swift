/// Suggests the valid names closest to a misspelt one, for error messages such as
/// "unknown neuron AVAX; did you mean AVAL, AVAR?".
public enum NameSuggestions {
    /// Up to `limit` names from `candidates` nearest to `name` by case-insensitive edit distance:
    /// those tied at the smallest distance, if that is within half the name's length (at least 2).
    public static func nearest(to name: String, in candidates: [String], limit: Int = 3) -> [String] {
        let target = Array(name.uppercased().utf8)
        let bound = max(2, target.count / 2)
        let scored = candidates.map { ($0, editDistance(target, Array($0.uppercased().utf8))) }
            .filter { $0.1 <= bound }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
        guard let best = scored.first?.1 else { return [] }
        return scored.prefix { $0.1 == best }.prefix(limit).map { $0.0 }
    }

    /// Levenshtein distance between two byte strings. - Complexity: O(|a|·|b|).
    static func editDistance(_ a: [UInt8], _ b: [UInt8]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
                current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// A sentence fragment such as "; did you mean AVAL or AVAR?", or "" when nothing is close.
    public static func hint(for name: String, in candidates: [String]) -> String {
        let names = nearest(to: name, in: candidates)
        guard !names.isEmpty else { return "" }
        return "; did you mean " + ListFormatting.or(names) + "?"
    }
}

/// Joins words as English prose lists.
public enum ListFormatting {
    /// "A", "A or B", "A, B or C".
    public static func or(_ items: [String]) -> String {
        guard items.count > 1 else { return items.first ?? "" }
        return items.dropLast().joined(separator: ", ") + " or " + items.last!
    }
}
