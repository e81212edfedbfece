import Foundation

/// A representational dissimilarity matrix over K conditions, stored as its upper triangle
/// without the diagonal in row-major order: (0,1), (0,2), …, (0,K−1), (1,2), … (rsatoolbox's
/// vector order).
public struct RDM: Sendable, Equatable {
    public let conditions: Int
    public var vector: [Double]
    public var name: String

    public init(conditions: Int, vector: [Double], name: String = "") {
        precondition(vector.count == conditions * (conditions - 1) / 2)
        self.conditions = conditions
        self.vector = vector
        self.name = name
    }

    /// The number of conditions whose RDM vector has `count` entries, or nil.
    public static func conditions(forVectorLength count: Int) -> Int? {
        let k = Int((1 + (1 + 8 * Double(count)).squareRoot()) / 2 + 0.5)
        return k * (k - 1) / 2 == count ? k : nil
    }

    @inline(__always)
    public static func index(_ i: Int, _ j: Int, conditions k: Int) -> Int { i * k - i * (i + 1) / 2 + (j - i - 1) }

    public subscript(i: Int, j: Int) -> Double {
        if i == j { return 0 }
        return i < j ? vector[RDM.index(i, j, conditions: conditions)] : vector[RDM.index(j, i, conditions: conditions)]
    }

    /// The full symmetric K × K matrix with a zero diagonal.
    public var squareMatrix: Matrix {
        var m = Matrix(rows: conditions, columns: conditions)
        for i in 0..<conditions { for j in (i + 1)..<max(i + 1, conditions) { m[i, j] = self[i, j]; m[j, i] = self[i, j] } }
        return m
    }

    /// The RDM restricted to `indices` (in that order; repeats allowed, as in a bootstrap
    /// sample, where the pair of two copies of one condition has dissimilarity 0).
    public func subset(_ indices: [Int]) -> RDM {
        let k = indices.count
        var v = [Double]()
        v.reserveCapacity(k * (k - 1) / 2)
        for a in 0..<k { for b in (a + 1)..<max(a + 1, k) { v.append(self[indices[a], indices[b]]) } }
        return RDM(conditions: k, vector: v, name: name)
    }

    /// Builds the vector from a symmetric function of two condition indices.
    static func from(conditions k: Int, name: String, _ entry: (Int, Int) -> Double) -> RDM {
        var v = [Double]()
        v.reserveCapacity(k * (k - 1) / 2)
        for i in 0..<k { for j in (i + 1)..<max(i + 1, k) { v.append(entry(i, j)) } }
        return RDM(conditions: k, vector: v, name: name)
    }
}
