import Foundation
import Testing
@testable import NeuralCompare

/// Ridge, himalaya-style RidgeCV and PLS against scikit-learn 1.9.1 and himalaya 0.4.11 on the
/// seeded 60 × 40 → 6 dataset in Fixtures/. Predictions to 1e-6 (the bar); with the
/// same algorithms the differences are rounding (~1e-12), except PLS, whose early-stopping
/// power iteration must take the same steps to agree at all (CONVENTIONS.md).
@Suite("Encoding models against scikit-learn and himalaya")
struct RegressionReferenceTests {
    static func data() throws -> (x: Matrix, y: Matrix, train: [Int], test: [Int]) {
        let x = try ArrayFile.read(Fixture.path("regression_X.csv")).matrix()
        let y = try ArrayFile.read(Fixture.path("regression_Y.csv")).matrix()
        let split = Fixture.regression["split"] as! [String: Any]
        return (x, y, (split["train"] as! [Int]), (split["test"] as! [Int]))
    }

    static func expectClose(_ ours: Matrix, _ theirs: [[Double]], _ tolerance: Double, _ what: String) {
        #expect(ours.rows == theirs.count && ours.columns == theirs[0].count)
        let worst = zip(ours.values, theirs.flatMap { $0 }).map { abs($0 - $1) }.max() ?? .infinity
        #expect(worst < tolerance, "\(what): worst difference \(worst)")
    }

    @Test("ridge predictions equal sklearn.linear_model.Ridge for each alpha, by both solvers",
          arguments: [RidgeRegression.Solver.primal, .kernel])
    func ridge(solver: RidgeRegression.Solver) throws {
        let (x, y, train, test) = try Self.data()
        let model = try RidgeRegression(features: x.selecting(rows: train), targets: y.selecting(rows: train), solver: solver)
        for alpha in [0.1, 1.0, 10.0, 100.0] {
            let reference = Fixture.dig(Fixture.regression, "sklearn_ridge", "\(alpha)") as! [String: Any]
            let prediction = model.predict(x.selecting(rows: test), alphas: Array(repeating: alpha, count: y.columns))
            Self.expectClose(prediction, Fixture.matrix(reference["predictions"]), 1e-6, "alpha \(alpha) (\(solver))")
            let r = (0..<y.columns).map { Statistics.pearson(prediction.column($0), y.selecting(rows: test).column($0)) }
            for (a, b) in zip(r, Fixture.numbers(reference["pearson_r"])) { #expect(abs(a - b) < 1e-9) }
        }
    }

    @Test("per-target alpha selection and predictions equal himalaya RidgeCV", arguments: ["kfold5", "custom_folds"])
    func ridgeCV(folds name: String) throws {
        let (x, y, train, test) = try Self.data()
        let reference = Fixture.dig(Fixture.regression, "himalaya_ridge_cv", name) as! [String: Any]
        let grid = Fixture.numbers(reference["alphas"])
        let referenceFolds = (reference["folds"] as! [[String: Any]]).map { Split(train: $0["train"] as! [Int], test: $0["validation"] as? [Int] ?? $0["test"] as! [Int]) }
        if name == "kfold5" {
            #expect(try Splits.kFold(count: train.count, folds: 5) == referenceFolds, "our KFold is scikit-learn's")
        }
        let xTrain = x.selecting(rows: train), yTrain = y.selecting(rows: train)
        let (alphas, scores) = try RidgeRegression.selectAlphas(features: xTrain, targets: yTrain, alphas: grid, folds: referenceFolds)
        let chosen = (reference["best_alpha_index"] as! [Int]).map { grid[$0] }
        #expect(alphas == chosen)
        let expectedScores = Fixture.matrix(reference["selection_scores"])
        for a in 0..<grid.count {
            for t in 0..<y.columns {
                #expect(abs(scores[a, t] + 1e-10 * log(grid[a]) - expectedScores[a][t]) < 1e-9 * max(1, abs(expectedScores[a][t])))
            }
        }
        let prediction = try RidgeRegression(features: xTrain, targets: yTrain).predict(x.selecting(rows: test), alphas: alphas)
        Self.expectClose(prediction, Fixture.matrix(reference["predictions"]), 1e-6, "RidgeCV \(name)")
    }

    @Test("PLS weights, loadings, iteration counts and predictions equal sklearn PLSRegression", arguments: [5, 25])
    func pls(components: Int) throws {
        let (x, y, train, test) = try Self.data()
        let reference = Fixture.dig(Fixture.regression, "sklearn_pls", "\(components)") as! [String: Any]
        let model = try PLSRegression(features: x.selecting(rows: train), targets: y.selecting(rows: train), components: components)
        #expect(model.iterations == (reference["n_iter"] as! [Int]))
        Self.expectClose(model.xWeights, Fixture.matrix(reference["x_weights"]), 1e-8, "x weights")
        Self.expectClose(model.xLoadings, Fixture.matrix(reference["x_loadings"]), 1e-8, "x loadings")
        Self.expectClose(model.yLoadings, Fixture.matrix(reference["y_loadings"]), 1e-8, "y loadings")
        Self.expectClose(model.predict(x.selecting(rows: test)), Fixture.matrix(reference["predictions"]), 1e-6, "PLS \(components)")
    }

    @Test("split-half reliability with Spearman–Brown equals the numpy reference on the same halves")
    func splitHalf() throws {
        let table = try ArrayFile.read(Fixture.path("repeats.csv"))
        let names = table.columnNames!, m = try table.matrix()
        let neuronColumns = names.indices.filter { names[$0].hasPrefix("n") }
        var values = [Double](repeating: 0, count: 60 * 6 * 8)
        for r in 0..<m.rows {
            let s = Int(m[r, names.firstIndex(of: "stimulus")!]), k = Int(m[r, names.firstIndex(of: "repeat")!])
            for (n, c) in neuronColumns.enumerated() { values[(s * 6 + n) * 8 + k] = m[r, c] }
        }
        let reference = Fixture.dig(Fixture.regression, "split_half_noise_ceiling") as! [String: Any]
        let firstSecond = try NeuralReliability.splitHalf(values: values, stimuli: 60, neurons: 6, repeats: 8, halves: [[0, 1, 2, 3]])
        for (a, b) in zip(firstSecond, Fixture.numbers(Fixture.dig(reference, "first_vs_second", "spearman_brown"))) { #expect(abs(a - b) < 1e-12) }
        let random = Fixture.dig(reference, "random_halves") as! [String: Any]
        let halves = (random["splits"] as! [[String: Any]]).map { $0["half_a"] as! [Int] }
        let mean = try NeuralReliability.splitHalf(values: values, stimuli: 60, neurons: 6, repeats: 8, halves: halves)
        for (a, b) in zip(mean, Fixture.numbers(random["mean_of_spearman_brown"])) { #expect(abs(a - b) < 1e-12) }
        #expect(mean[5] < 0.2 && mean[0] > 0.5, "the deliberately unreliable neuron 5 stands out")
    }
}
