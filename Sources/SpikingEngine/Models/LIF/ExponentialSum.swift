import Foundation

/// f(s) = Σ cᵢ·exp(λᵢ·s), a sum of a few exponentials (λ = 0 gives a constant term).
///
/// Between input events the membrane potential of a LIF neuron with exponential (or delta)
/// synaptic currents is exactly such a sum, so the first threshold crossing is the first
/// root of V(s) − θ. Roots are isolated exactly, without sampling a grid: multiplying by
/// exp(−λ₁s) leaves the roots unchanged and removes one term from the derivative, so the
/// critical points of an n-term sum are the roots of an (n−1)-term sum. Recursing gives
/// intervals on which f is monotone, and each holds at most one root, found by bisection to
/// the last representable bit. (A sum of n exponentials has at most n − 1 real roots.)
public struct ExponentialSum: Sendable, Equatable {
    /// (coefficient, rate λ) pairs; rates are distinct.
    public var terms: [(coefficient: Double, rate: Double)]

    public init(_ terms: [(coefficient: Double, rate: Double)]) {
        self.terms = terms.filter { $0.coefficient != 0 }
    }

    public static func == (a: ExponentialSum, b: ExponentialSum) -> Bool {
        a.terms.count == b.terms.count && zip(a.terms, b.terms).allSatisfy { $0.coefficient == $1.coefficient && $0.rate == $1.rate }
    }

    /// f(s).
    @inline(__always)
    public func value(at s: Double) -> Double {
        var total = 0.0
        for term in terms { total += term.coefficient * exp(term.rate * s) }
        return total
    }

    /// The smallest s in [a, b] with f(s) = 0 where f rises to or through zero (f(s⁻) < 0 ≤ f(s)),
    /// given f(a) < 0; nil if f stays below zero on [a, b].
    public func firstUpwardRoot(in a: Double, _ b: Double) -> Double? {
        guard b > a else { return nil }
        // Cheap rejection: each term is monotone, so its largest value on [a, b] is at an end.
        var bound = 0.0
        for term in terms {
            bound += max(term.coefficient * exp(term.rate * a), term.coefficient * exp(term.rate * b))
        }
        if bound < 0 { return nil }
        for (low, high) in monotoneIntervals(a, b) {
            let fLow = value(at: low), fHigh = value(at: high)
            if fLow < 0 && fHigh >= 0 { return bisect(low, high) }
            if fLow >= 0 { return low }  // reached exactly at a critical point
        }
        return nil
    }

    /// Sub-intervals of [a, b] on which f is monotone, in order.
    func monotoneIntervals(_ a: Double, _ b: Double) -> [(Double, Double)] {
        let points = criticalPoints(a, b)
        var intervals: [(Double, Double)] = []
        var start = a
        for point in points where point > start && point < b {
            intervals.append((start, point))
            start = point
        }
        intervals.append((start, b))
        return intervals
    }

    /// Roots of f′ in (a, b), ascending.
    func criticalPoints(_ a: Double, _ b: Double) -> [Double] {
        guard terms.count >= 2 else { return [] }
        // f′(s)·exp(−λ₀s) = Σᵢ cᵢλᵢ·exp((λᵢ − λ₀)s); term 0 contributes c₀λ₀ (a constant).
        let base = terms[0].rate
        let derivative = ExponentialSum(terms.map { (coefficient: $0.coefficient * $0.rate, rate: $0.rate - base) })
        return derivative.roots(a, b)
    }

    /// All roots of f in (a, b), ascending.
    func roots(_ a: Double, _ b: Double) -> [Double] {
        guard !terms.isEmpty else { return [] }
        if terms.count == 1 { return [] }  // c·exp(λs) never vanishes
        // g(s) = f(s)·exp(−λ₀s) has the same roots and one term fewer in its derivative.
        let base = terms[0].rate
        let shifted = ExponentialSum(terms.map { (coefficient: $0.coefficient, rate: $0.rate - base) })
        var result: [Double] = []
        for (low, high) in shifted.monotoneIntervals(a, b) {
            let fLow = shifted.value(at: low), fHigh = shifted.value(at: high)
            if fLow == 0 { if low > a { result.append(low) }; continue }
            if (fLow < 0) != (fHigh < 0) && fHigh != 0 { result.append(shifted.bisect(low, high)) }
        }
        return result
    }

    /// Bisection on an interval where f changes sign, to adjacent doubles; returns the end
    /// where f ≥ 0 (so a spike time is never before the crossing).
    func bisect(_ a: Double, _ b: Double) -> Double {
        var low = a, high = b
        let rising = value(at: low) < 0
        for _ in 0..<200 {
            let mid = low + (high - low) / 2
            if mid <= low || mid >= high { break }
            if (value(at: mid) < 0) == rising { low = mid } else { high = mid }
        }
        return rising ? high : low
    }
}
