import Foundation

/// How two RDMs are compared (rsatoolbox's `compare` methods).
public enum ComparisonMethod: String, CaseIterable, Sendable {
    case cosine
    /// Pearson correlation of the RDM vectors.
    case corr
    /// Pearson correlation of their average ranks.
    case spearman
    /// Kendall's τ_a: (concordant − discordant) / all pairs; tied pairs count in neither.
    case tauA = "tau-a"
    /// Spearman's ρ_a: 12·Σ(rank products, centred) / (N³ − N), no tie correction.
    case rhoA = "rho-a"
    /// Cosine after whitening by the RDM covariance under iid noise (Diedrichsen et al. 2021).
    case cosineCov = "cosine_cov"
    /// Pearson correlation after the same whitening.
    case corrCov = "corr_cov"
}

/// An RDM transformed for one comparison method, so that comparing one data RDM with many
/// models pays for the data side once.
public struct PreparedRDM: Sendable {
    public let method: ComparisonMethod
    /// The transformed vector (ranks, centred values, or the whitened matrix entries).
    let values: [Double]
    let norm: Double
    /// The raw vector, for τ_a.
    let raw: [Double]

    public init(_ rdm: RDM, method: ComparisonMethod) {
        self.init(vector: rdm.vector, conditions: rdm.conditions, method: method)
    }

    init(vector: [Double], conditions: Int, method: ComparisonMethod) {
        self.method = method
        raw = vector
        switch method {
        case .cosine: values = vector
        case .corr: values = Statistics.centered(vector)
        case .spearman, .rhoA: values = Statistics.centered(Statistics.averageRanks(vector))
        case .tauA: values = []
        case .cosineCov: values = PreparedRDM.whitened(vector, conditions: conditions)
        case .corrCov:
            let mean = vector.reduce(0, +) / Double(vector.count)
            values = PreparedRDM.whitened(vector.map { $0 - mean }, conditions: conditions)
        }
        norm = values.reduce(0) { $0 + $1 * $1 }.squareRoot()
    }

    /// G = −½·H·D·H (double-centred), flattened so that dot products are Frobenius products:
    /// the diagonal once, each off-diagonal pair weighted √2. Comparing these is comparing
    /// RDMs whitened by V^(−½), V the RDM covariance for iid pattern noise (rsatoolbox
    /// `_cov_weighting` with no covariance given).
    static func whitened(_ vector: [Double], conditions k: Int) -> [Double] {
        var rowMeans = [Double](repeating: 0, count: k)
        var n = 0
        for i in 0..<k { for j in (i + 1)..<max(i + 1, k) { rowMeans[i] += vector[n]; rowMeans[j] += vector[n]; n += 1 } }
        let grand = rowMeans.reduce(0, +) / Double(k * k)
        for i in 0..<k { rowMeans[i] /= Double(k) }
        var out = [Double]()
        out.reserveCapacity(k * (k + 1) / 2)
        for i in 0..<k { out.append(-0.5 * (0 - 2 * rowMeans[i] + grand)) }
        n = 0
        let root2 = 2.0.squareRoot()
        for i in 0..<k {
            for j in (i + 1)..<max(i + 1, k) {
                out.append(root2 * -0.5 * (vector[n] - rowMeans[i] - rowMeans[j] + grand))
                n += 1
            }
        }
        return out
    }

    /// The similarity of two prepared RDMs (same method and size).
    public func similarity(to other: PreparedRDM) -> Double {
        precondition(method == other.method && raw.count == other.raw.count)
        switch method {
        case .tauA: return Statistics.kendallTauA(raw, other.raw)
        case .rhoA:
            let n = Double(raw.count)
            return 12 * Statistics.dot(values, other.values) / (n * n * n - n)
        default:
            guard norm > 0, other.norm > 0 else { return 0 }
            return Statistics.dot(values, other.values) / (norm * other.norm)
        }
    }
}

extension RDM {
    /// The similarity of two RDMs over the same conditions. Entries that are NaN in either
    /// (pairs of duplicated conditions in a bootstrap sample) are left out of both, as
    /// rsatoolbox does; whitened methods then drop the affected conditions instead.
    public static func compare(_ a: RDM, _ b: RDM, method: ComparisonMethod) -> Double {
        precondition(a.conditions == b.conditions, "RDMs over different conditions")
        if a.vector.contains(where: \.isNaN) || b.vector.contains(where: \.isNaN) {
            if method == .cosineCov || method == .corrCov {
                let keep = RDM.conditionsWithoutNaN(a, b)
                return compare(a.subset(keep), b.subset(keep), method: method)
            }
            let keep = a.vector.indices.filter { !a.vector[$0].isNaN && !b.vector[$0].isNaN }
            let va = keep.map { a.vector[$0] }, vb = keep.map { b.vector[$0] }
            return PreparedRDM(vector: va, conditions: 0, method: method).similarity(to: PreparedRDM(vector: vb, conditions: 0, method: method))
        }
        return PreparedRDM(a, method: method).similarity(to: PreparedRDM(b, method: method))
    }

    /// Conditions none of whose pairs is NaN in either RDM, keeping the first of each
    /// duplicated block.
    static func conditionsWithoutNaN(_ a: RDM, _ b: RDM) -> [Int] {
        var keep: [Int] = []
        for i in 0..<a.conditions where keep.allSatisfy({ !a[$0, i].isNaN && !b[$0, i].isNaN }) { keep.append(i) }
        return keep
    }
}

/// Small statistics shared by the comparison code.
public enum Statistics {
    public static func dot(_ a: [Double], _ b: [Double]) -> Double {
        var s = 0.0
        for i in a.indices { s += a[i] * b[i] }
        return s
    }

    public static func centered(_ v: [Double]) -> [Double] {
        let mean = v.reduce(0, +) / Double(v.count)
        return v.map { $0 - mean }
    }

    /// 1-based ranks, ties sharing their average rank (scipy.stats.rankdata's default).
    /// The order comes from an LSD radix sort on order-preserving integer keys: RDM vectors
    /// of 10⁵–10⁶ entries are ranked in a few linear passes instead of a comparison sort.
    public static func averageRanks(_ v: [Double]) -> [Double] {
        let order = sortedOrder(v)
        var ranks = [Double](repeating: 0, count: v.count)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count && v[Int(order[end])] == v[Int(order[start])] { end += 1 }
            let rank = Double(start + end + 1) / 2  // mean of ranks start+1 … end
            for k in start..<end { ranks[Int(order[k])] = rank }
            start = end
        }
        return ranks
    }

    /// Indices of `v` in ascending order of value (stable; −0 and +0 are ordered but equal,
    /// which only matters inside a tie, where ranks are averaged anyway).
    static func sortedOrder(_ v: [Double]) -> [Int32] {
        let n = v.count
        // The radix passes cost 4 × 65 536 bucket resets: not worth it for short vectors.
        if n < 1 << 14 { return (0..<n).sorted { (v[$0], $0) < (v[$1], $1) }.map { Int32($0) } }
        // Flip the sign bit of non-negatives and all bits of negatives: unsigned order = value order.
        var keys = v.map { x -> UInt64 in
            let bits = x.bitPattern
            return bits >> 63 == 0 ? bits | (1 << 63) : ~bits
        }
        var order = (0..<n).map { Int32($0) }
        var keyBuffer = keys, orderBuffer = order
        var counts = [Int](repeating: 0, count: 1 << 16)
        for pass in 0..<4 {
            let shift = UInt64(16 * pass)
            for k in 0..<counts.count { counts[k] = 0 }
            for key in keys { counts[Int((key >> shift) & 0xFFFF)] += 1 }
            if counts.contains(n) { continue }  // all keys share this digit
            var total = 0
            for k in 0..<counts.count { let c = counts[k]; counts[k] = total; total += c }
            for i in 0..<n {
                let digit = Int((keys[i] >> shift) & 0xFFFF)
                keyBuffer[counts[digit]] = keys[i]
                orderBuffer[counts[digit]] = order[i]
                counts[digit] += 1
            }
            swap(&keys, &keyBuffer)
            swap(&order, &orderBuffer)
        }
        return order
    }

    /// Pearson correlation (0 if either side has zero variance).
    public static func pearson(_ a: [Double], _ b: [Double]) -> Double {
        let ca = centered(a), cb = centered(b)
        let denominator = (dot(ca, ca) * dot(cb, cb)).squareRoot()
        return denominator > 0 ? dot(ca, cb) / denominator : 0
    }

    /// Kendall's τ_a in O(N log N) (Knight 1966): sort by (a, b), count discordant pairs as
    /// the inversions of b by merge sort, and correct for ties:
    /// concordant − discordant = P − T_a − T_b + T_ab − 2·D.
    public static func kendallTauA(_ a: [Double], _ b: [Double]) -> Double {
        let n = a.count
        guard n > 1 else { return 0 }
        let order = a.indices.sorted { (a[$0], b[$0]) < (a[$1], b[$1]) }
        func tiedPairs(_ same: (Int, Int) -> Bool, _ sequence: [Int]) -> Double {
            var total = 0.0, run = 1.0
            for k in 1..<sequence.count {
                if same(sequence[k - 1], sequence[k]) { run += 1 } else { total += run * (run - 1) / 2; run = 1 }
            }
            return total + run * (run - 1) / 2
        }
        let tiesA = tiedPairs({ a[$0] == a[$1] }, order)
        let tiesAB = tiedPairs({ a[$0] == a[$1] && b[$0] == b[$1] }, order)
        var values = order.map { b[$0] }
        var buffer = values
        let discordant = Double(countInversions(&values, &buffer, 0, n))
        let tiesB = tiedPairs({ values[$0] == values[$1] }, Array(0..<n))  // values are now sorted
        let all = Double(n) * Double(n - 1) / 2
        return min(1, max(-1, (all - tiesA - tiesB + tiesAB - 2 * discordant) / all))
    }

    /// Sorts `v[low..<high]` and returns the number of strict inversions (i < j, v[i] > v[j]).
    private static func countInversions(_ v: inout [Double], _ buffer: inout [Double], _ low: Int, _ high: Int) -> Int {
        guard high - low > 1 else { return 0 }
        let mid = (low + high) / 2
        var count = countInversions(&v, &buffer, low, mid) + countInversions(&v, &buffer, mid, high)
        var i = low, j = mid, k = low
        while i < mid && j < high {
            if v[j] < v[i] { buffer[k] = v[j]; j += 1; count += mid - i } else { buffer[k] = v[i]; i += 1 }
            k += 1
        }
        while i < mid { buffer[k] = v[i]; i += 1; k += 1 }
        while j < high { buffer[k] = v[j]; j += 1; k += 1 }
        for t in low..<high { v[t] = buffer[t] }
        return count
    }
}
