import Foundation

/// Connection probability as a function of distance: p(d) = p₀·exp(−d/λ) for d ≤ cutoff,
/// 0 beyond (the exponential fall-off of connection density with distance seen in mouse
/// cortex and in the Allen voxel model's intra-area projections).
public struct DistanceLaw: Sendable, Equatable {
    /// Probability at distance 0 (between 0 and 1).
    public var p0: Double
    /// Length constant λ [µm].
    public var lengthConstant: Double
    /// Largest connected distance [µm]; the law is truncated there.
    public var cutoff: Double
    /// Whether a voxel connects to itself (with probability p₀).
    public var selfConnections: Bool

    public init(p0: Double, lengthConstant: Double, cutoff: Double, selfConnections: Bool = false) {
        self.p0 = p0
        self.lengthConstant = lengthConstant
        self.cutoff = cutoff
        self.selfConnections = selfConnections
    }

    func validate() throws {
        guard p0 > 0, p0 <= 1 else {
            throw GeneratorError.invalidParameter(name: "p0", value: "\(p0)", requirement: "a probability in (0, 1]; lower the out-degree or raise λ")
        }
        guard lengthConstant > 0, lengthConstant.isFinite else {
            throw GeneratorError.invalidParameter(name: "lambda", value: "\(lengthConstant)", requirement: "a positive length in µm")
        }
        guard cutoff >= 0, cutoff.isFinite else {
            throw GeneratorError.invalidParameter(name: "cutoff", value: "\(cutoff)", requirement: "a distance ≥ 0 µm")
        }
    }

    @inline(__always)
    public func probability(atDistance d: Double) -> Double {
        d <= cutoff ? p0 * exp(-d / lengthConstant) : 0
    }
}

/// The grid offsets within the cutoff, grouped into shells of equal distance (equal
/// probability), each shell's offsets in lexicographic order.
struct OffsetShells: Sendable {
    struct Shell: Sendable {
        var distance: Double            // [µm]
        var probability: Double
        var offsets: [SIMD3<Int32>]
    }
    var shells: [Shell]

    /// `maximumOffset`: no offset along an axis can exceed the grid's largest side minus one,
    /// so a cutoff beyond the grid (e.g. "no cutoff") costs no more than the grid allows.
    init(law: DistanceLaw, resolution: Double, maximumOffset: Int32) {
        let reach = Int32(min(Double(maximumOffset), (law.cutoff / resolution + 1e-9).rounded(.down)))
        var byNorm: [Int: [SIMD3<Int32>]] = [:]
        if reach >= 0 {
            for x in -reach...reach {
                for y in -reach...reach {
                    for z in -reach...reach {
                        let norm = Int(x) * Int(x) + Int(y) * Int(y) + Int(z) * Int(z)
                        guard Double(norm).squareRoot() * resolution <= law.cutoff * (1 + 1e-12) else { continue }
                        guard norm > 0 || law.selfConnections else { continue }
                        byNorm[norm, default: []].append(SIMD3(x, y, z))
                    }
                }
            }
        }
        shells = byNorm.keys.sorted().map { norm in
            let distance = Double(norm).squareRoot() * resolution
            return Shell(distance: distance, probability: law.p0 * exp(-distance / law.lengthConstant), offsets: byNorm[norm]!)
        }
    }

    /// Number of offsets in all shells.
    var offsetCount: Int { shells.reduce(0) { $0 + $1.offsets.count } }
}
