import Foundation

/// A fitted linear map with intercept: prediction = X·W + b (W: features × targets).
public struct LinearModel: Sendable {
    public let weights: Matrix
    public let intercept: [Double]

    public func predict(_ x: Matrix) -> Matrix {
        var out = x.multiplied(by: weights)
        for r in 0..<out.rows { for t in 0..<out.columns { out[r, t] += intercept[t] } }
        return out
    }
}

/// Ridge regression of many targets at once with an intercept (not penalised) and no
/// feature scaling: W = (XcᵀXc + αI)⁻¹·XcᵀYc on centred data (scikit-learn `Ridge`,
/// himalaya `RidgeCV` with fit_intercept). Every α and every target comes from one
/// factorisation of the centred features.
public struct RidgeRegression: Sendable {
    /// How the one factorisation is done.
    public enum Solver: String, Sendable {
        /// Thin SVD of Xc (n × p): best when features ≤ samples.
        case primal
        /// Eigendecomposition of the n × n Gram matrix XcXcᵀ: far cheaper when features ≫ samples.
        case kernel
        /// primal when p ≤ n, kernel otherwise.
        case automatic
    }

    let xMean: [Double], yMean: [Double]
    let solver: Solver
    // Primal: Xc = U·diag(s)·Vᵀ, uty = Uᵀ·Yc.  Kernel: XcXcᵀ = U·diag(s²)·Uᵀ, uty = Uᵀ·Yc.
    let u: Matrix, s: [Double], vt: Matrix?, uty: Matrix
    let centredX: Matrix?

    public init(features x: Matrix, targets y: Matrix, solver: Solver = .automatic) throws {
        precondition(x.rows == y.rows)
        xMean = x.columnMeans()
        yMean = y.columnMeans()
        let xc = x.centered(by: xMean), yc = y.centered(by: yMean)
        let resolved: Solver = solver == .automatic ? (x.columns <= x.rows ? .primal : .kernel) : solver
        self.solver = resolved
        switch resolved {
        case .primal, .automatic:
            let (u, s, vt) = try LinearAlgebra.svd(xc)
            self.u = u; self.s = s; self.vt = vt
            centredX = nil
        case .kernel:
            let gram = xc.multiplied(by: xc, transposeOther: true)
            let (values, vectors) = try LinearAlgebra.symmetricEigen(gram)
            u = vectors
            s = values.map { max($0, 0).squareRoot() }
            vt = nil
            centredX = xc
        }
        uty = u.multiplied(by: yc, transposeSelf: true)
    }

    /// The filter factor of component i for `alpha`: s/(s² + α) (primal), 1/(s² + α) (kernel).
    @inline(__always)
    func factor(_ i: Int, _ alpha: Double) -> Double {
        solver == .kernel ? 1 / (s[i] * s[i] + alpha) : s[i] / (s[i] * s[i] + alpha)
    }

    /// Predictions for `x` with one α per target.
    public func predict(_ x: Matrix, alphas: [Double]) -> Matrix {
        let projected = projection(of: x)
        var out = Matrix(rows: x.rows, columns: uty.columns)
        // Group targets by α so each distinct α costs one matrix product.
        for alpha in Set(alphas) {
            let targets = alphas.indices.filter { alphas[$0] == alpha }
            var scaled = uty.selecting(columns: targets)
            for i in 0..<scaled.rows { let f = factor(i, alpha); for t in 0..<scaled.columns { scaled[i, t] *= f } }
            let part = projected.multiplied(by: scaled)
            for r in 0..<x.rows { for (k, t) in targets.enumerated() { out[r, t] = part[r, k] + yMean[t] } }
        }
        return out
    }

    /// Predictions for `x` for every α in `alphas` (all targets), one matrix per α.
    public func predictAll(_ x: Matrix, alphas: [Double]) -> [Matrix] {
        let projected = projection(of: x)
        return alphas.map { alpha in
            var scaled = uty
            for i in 0..<scaled.rows { let f = factor(i, alpha); for t in 0..<scaled.columns { scaled[i, t] *= f } }
            var out = projected.multiplied(by: scaled)
            for r in 0..<out.rows { for t in 0..<out.columns { out[r, t] += yMean[t] } }
            return out
        }
    }

    /// (x − x̄)·V (primal) or (x − x̄)·Xcᵀ·U (kernel): the coordinates the filter acts on.
    func projection(of x: Matrix) -> Matrix {
        let xc = x.centered(by: xMean)
        if let vt { return xc.multiplied(by: vt, transposeOther: true) }
        return xc.multiplied(by: centredX!, transposeOther: true).multiplied(by: u)
    }

    /// Per-target α chosen by inner cross-validation, himalaya's rule: for each fold, fit on
    /// its training rows, score each α by −(mean squared error) on its validation rows; take
    /// the unweighted mean over folds plus 1e-10·ln α (which breaks near-ties toward the
    /// larger α) and pick the best α per target (first on exact ties).
    public static func selectAlphas(features x: Matrix, targets y: Matrix, alphas: [Double], folds: [Split],
                                    solver: Solver = .automatic) throws -> (alphas: [Double], scores: Matrix) {
        var scores = Matrix(rows: alphas.count, columns: y.columns)
        for fold in folds {
            let model = try RidgeRegression(features: x.selecting(rows: fold.train), targets: y.selecting(rows: fold.train), solver: solver)
            let truth = y.selecting(rows: fold.test)
            for (a, prediction) in model.predictAll(x.selecting(rows: fold.test), alphas: alphas).enumerated() {
                for t in 0..<y.columns {
                    var sum = 0.0
                    for r in 0..<truth.rows { let e = truth[r, t] - prediction[r, t]; sum += e * e }
                    scores[a, t] -= sum / Double(truth.rows) / Double(folds.count)
                }
            }
        }
        var chosen = [Double](repeating: alphas[0], count: y.columns)
        for t in 0..<y.columns {
            var best = -Double.infinity
            for (a, alpha) in alphas.enumerated() {
                let score = scores[a, t] + 1e-10 * log(alpha)
                if score > best { best = score; chosen[t] = alpha }
            }
        }
        return (chosen, scores)
    }
}
