import Foundation

/// Partial least squares regression (PLS2, mode A, regression deflation, no scaling),
/// reproducing scikit-learn's `PLSRegression(scale=False)` step for step, including its
/// NIPALS power iteration and stopping rule. The rule (squared change of the weights below
/// 1e-6) stops early, so exact singular vectors give visibly different predictions
/// (~1e-2 here); matching scikit-learn needs the same iteration, not just the same model.
public struct PLSRegression: Sendable {
    public let components: Int
    /// Per component: x weights, x loadings, y loadings (columns).
    public let xWeights: Matrix, xLoadings: Matrix, yLoadings: Matrix
    /// Power iterations used per component.
    public let iterations: [Int]
    public let model: LinearModel

    public static let maxIterations = 500
    public static let tolerance = 1e-6

    public init(features x: Matrix, targets y: Matrix, components: Int) throws {
        guard components >= 1, components <= min(x.rows - 1, x.columns) else {
            throw CompareError.invalidInput(name: "PLS", detail: "\(components) components need at least \(components + 1) training stimuli and \(components) features; have \(x.rows) and "
                + "\(x.columns)")
        }
        let eps = Double.ulpOfOne
        let xMean = x.columnMeans(), yMean = y.columnMeans()
        var xk = x.centered(by: xMean), yk = y.centered(by: yMean)
        let p = x.columns, q = y.columns
        var w = Matrix(rows: p, columns: components), loadingsX = Matrix(rows: p, columns: components)
        var loadingsY = Matrix(rows: q, columns: components)
        var iterations: [Int] = []
        for k in 0..<components {
            for column in 0..<q where (0..<yk.rows).allSatisfy({ abs(yk[$0, column]) < 10 * eps }) {
                for r in 0..<yk.rows { yk[r, column] = 0 }
            }
            guard let first = (0..<q).first(where: { c in (0..<yk.rows).contains { abs(yk[$0, c]) > eps } }) else {
                throw CompareError.numerical("PLS: the targets are fully explained after \(k) components; use fewer components")
            }
            var u = yk.column(first)
            var weights = [Double](repeating: 0, count: p), oldWeights = [Double](repeating: 100, count: p)
            var count = 0
            for i in 0..<PLSRegression.maxIterations {
                count = i + 1
                let uu = Statistics.dot(u, u)
                weights = PLSRegression.transposeTimes(xk, u).map { $0 / uu }
                let norm = Statistics.dot(weights, weights).squareRoot() + eps
                weights = weights.map { $0 / norm }
                let t = PLSRegression.times(xk, weights)
                let tt = Statistics.dot(t, t)
                let c = PLSRegression.transposeTimes(yk, t).map { $0 / tt }
                let cc = Statistics.dot(c, c) + eps
                u = PLSRegression.times(yk, c).map { $0 / cc }
                var change = 0.0
                for j in 0..<p { change += (weights[j] - oldWeights[j]) * (weights[j] - oldWeights[j]) }
                if change < PLSRegression.tolerance || q == 1 { break }
                oldWeights = weights
            }
            iterations.append(count)
            // Sign: make the largest-magnitude weight positive (first one on ties).
            var largest = 0
            for j in 1..<p where abs(weights[j]) > abs(weights[largest]) { largest = j }
            if weights[largest] < 0 { weights = weights.map { -$0 } }
            let t = PLSRegression.times(xk, weights)
            let tt = Statistics.dot(t, t)
            let xLoading = PLSRegression.transposeTimes(xk, t).map { $0 / tt }
            let yLoading = PLSRegression.transposeTimes(yk, t).map { $0 / tt }
            for r in 0..<xk.rows {
                for j in 0..<p { xk[r, j] -= t[r] * xLoading[j] }
                for j in 0..<q { yk[r, j] -= t[r] * yLoading[j] }
            }
            for j in 0..<p { w[j, k] = weights[j]; loadingsX[j, k] = xLoading[j] }
            for j in 0..<q { loadingsY[j, k] = yLoading[j] }
        }
        // Rotations R = W·(PᵀW)⁺, coefficients B = R·Qᵀ (features × targets).
        let rotations = w * (try LinearAlgebra.pseudoInverse(loadingsX.multiplied(by: w, transposeSelf: true)))
        let coefficients = rotations.multiplied(by: loadingsY, transposeOther: true)
        var intercept = yMean
        let shift = Matrix(rows: 1, columns: p, values: xMean) * coefficients
        for t in 0..<q { intercept[t] -= shift[0, t] }
        self.components = components
        xWeights = w
        xLoadings = loadingsX
        yLoadings = loadingsY
        self.iterations = iterations
        model = LinearModel(weights: coefficients, intercept: intercept)
    }

    public func predict(_ x: Matrix) -> Matrix { model.predict(x) }

    static func times(_ m: Matrix, _ v: [Double]) -> [Double] {
        m.multiplied(by: Matrix(rows: v.count, columns: 1, values: v)).values
    }

    static func transposeTimes(_ m: Matrix, _ v: [Double]) -> [Double] {
        m.multiplied(by: Matrix(rows: v.count, columns: 1, values: v), transposeSelf: true).values
    }
}
