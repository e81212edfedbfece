import Foundation
import Testing
@testable import NeuralCompare

/// RDMs, noise precisions, comparisons, noise ceilings and CKA against rsatoolbox 0.3.2 on
/// the seeded datasets in Fixtures/. Tolerance 1e-9 relative (the bar): both sides
/// compute the same closed forms in double precision, so only summation order differs
/// (≈1e-15); the precision matrices, inverted from shrunk covariances with condition numbers
/// up to ~1e3, are held to 1e-9 as well.
@Suite("RSA against rsatoolbox")
struct RSAReferenceTests {
    static let rdmKeys = ["euclidean", "correlation", "mahalanobis_shrinkage_diag", "mahalanobis_shrinkage_eye",
                          "crossnobis_identity", "crossnobis_shrinkage_diag", "poisson"]

    static func rdm(_ key: String, subject s: Int) throws -> RDM {
        let patterns = try Fixture.subject(s, counts: key == "poisson")
        switch key {
        case "euclidean": return try RDM.compute(.euclidean, patterns: patterns)
        case "correlation": return try RDM.compute(.correlation, patterns: patterns)
        case "mahalanobis_shrinkage_diag": return try RDM.compute(.mahalanobis, patterns: patterns, precision: NoisePrecision.precision(of: patterns, method: .diagonal))
        case "mahalanobis_shrinkage_eye": return try RDM.compute(.mahalanobis, patterns: patterns, precision: NoisePrecision.precision(of: patterns, method: .identity))
        case "crossnobis_identity": return try RDM.compute(.crossnobis, patterns: patterns)
        case "crossnobis_shrinkage_diag": return try RDM.compute(.crossnobis, patterns: patterns, precision: NoisePrecision.precision(of: patterns, method: .diagonal))
        case "poisson": return try RDM.compute(.poisson, patterns: patterns)
        default: fatalError(key)
        }
    }

    @Test("noise covariance, shrinkage and precision equal rsatoolbox's", arguments: NoiseShrinkage.allCases)
    func noise(method: NoiseShrinkage) throws {
        for s in 0..<3 {
            let patterns = try Fixture.subject(s)
            let reference = Fixture.dig(Fixture.rsa, "noise", "subject\(s)", method.rawValue) as! [String: Any]
            let (covariance, shrinkage) = NoisePrecision.covariance(residuals: patterns.residuals(), dof: 24, method: method)
            #expect(close(shrinkage, (reference["shrinkage"] as! NSNumber).doubleValue, 1e-12))
            #expect(zip(covariance.values, Fixture.matrix(reference["covariance"]).flatMap { $0 }).allSatisfy { close($0, $1, 1e-12) })
            let precision = try NoisePrecision.precision(of: patterns, method: method)
            let expected = Fixture.matrix(reference["precision"]).flatMap { $0 }
            let worst = zip(precision.values, expected).map { abs($0 - $1) / max(1, abs($1)) }.max()!
            #expect(worst < 1e-9, "subject \(s): precision off by \(worst)")
        }
    }

    @Test("RDMs equal rsatoolbox's calc_rdm", arguments: rdmKeys)
    func rdms(key: String) throws {
        for s in 0..<3 {
            let ours = try Self.rdm(key, subject: s)
            let theirs = Fixture.numbers(Fixture.dig(Fixture.rsa, "rdms", key, "value", "subject\(s)"))
            #expect(ours.vector.count == 28)
            for (a, b) in zip(ours.vector, theirs) { #expect(close(a, b, 1e-9), "\(key) subject \(s): \(a) vs \(b)") }
        }
    }

    @Test("RDM comparisons equal rsatoolbox's compare for every method", arguments: rdmKeys)
    func comparisons(key: String) throws {
        let models = try Fixture.models()
        for method in ComparisonMethod.allCases {
            let expected = Fixture.matrix(Fixture.dig(Fixture.rsa, "compare", key, method.rawValue))
            for s in 0..<3 {
                let data = try Self.rdm(key, subject: s)
                for (m, model) in models.enumerated() {
                    let value = RDM.compare(data, model, method: method)
                    #expect(close(value, expected[s][m], 1e-9), "\(key) \(method.rawValue) subject \(s) vs \(model.name): \(value) vs \(expected[s][m])")
                }
            }
        }
    }

    @Test("noise ceilings equal rsatoolbox's leave-one-subject-out bounds", arguments: rdmKeys)
    func noiseCeilings(key: String) throws {
        let subjects = try (0..<3).map { try Self.rdm(key, subject: $0) }
        for method in ComparisonMethod.allCases {
            let reference = Fixture.dig(Fixture.rsa, "noise_ceiling", key, method.rawValue) as! [String: Any]
            let ceiling = try RSANoiseCeiling.compute(subjects, method: method)
            #expect(close(ceiling.lower, (reference["lower"] as! NSNumber).doubleValue, 1e-9), "\(key) \(method.rawValue) lower")
            #expect(close(ceiling.upper, (reference["upper"] as! NSNumber).doubleValue, 1e-9), "\(key) \(method.rawValue) upper")
            #expect(ceiling.lower <= ceiling.upper + 1e-12)
        }
    }

    @Test("linear CKA equals the numpy formula and the whitened cosine of euclidean RDMs")
    func cka() throws {
        let means = try (0..<3).map { try Fixture.subject($0).conditionMeans() }
        let expected = Fixture.value(Fixture.rsa["cka_linear"]) as! [String: NSNumber]
        for (a, b) in [(0, 1), (0, 2), (1, 2)] {
            let value = try linearCKA(means[a], means[b])
            #expect(close(value, expected["subject\(a)-subject\(b)"]!.doubleValue, 1e-9))
            let whitened = RDM.compare(RDM.euclidean(means[a]), RDM.euclidean(means[b]), method: .cosineCov)
            #expect(close(value, whitened, 1e-9), "CKA = cosine_cov of euclidean RDMs")
        }
    }
}
