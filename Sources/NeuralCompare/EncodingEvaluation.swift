import Foundation

/// How features are mapped onto responses.
public enum EncodingMethod: Sendable, Equatable {
    /// Ridge with one α per target, chosen by `innerFolds`-fold CV on each training set.
    case ridge(alphas: [Double], innerFolds: Int)
    /// PLS regression with this many components (Brain-Score: 25).
    case pls(components: Int)
}

/// Neural predictivity: how well features predict each target (neuron) on held-out stimuli.
public struct EncodingResult: Sendable {
    public let splits: [Split]
    /// Pearson r per split (rows) and target (columns), on that split's test stimuli.
    public let splitScores: Matrix
    /// Mean over splits of the per-split r, per target.
    public let scores: [Double]
    /// Per-target noise ceiling, when repeats were given.
    public let ceiling: [Double]?
    /// raw r / ceiling per target (nil where the ceiling is ≤ 0: an unreliable target).
    public let ceiledScores: [Double?]?
    /// Chosen α per split and target (ridge only).
    public let alphas: Matrix?

    /// Median of the ceiled scores over targets with a positive ceiling, else of the raw scores:
    /// Brain-Score's neural predictivity (its raw/ceiling variant).
    public var median: Double {
        let values = ceiledScores.map { $0.compactMap { $0 } } ?? scores
        return EncodingResult.median(values)
    }

    static func median(_ v: [Double]) -> Double {
        guard !v.isEmpty else { return .nan }
        let s = v.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }
}

public enum Encoding {
    /// Fits `method` on each split's training stimuli and scores its test predictions.
    public static func evaluate(features: Matrix, responses: Matrix, method: EncodingMethod, splits: [Split],
                                ceiling: [Double]? = nil, featuresName: String = "features",
                                responsesName: String = "responses") throws -> EncodingResult {
        try validate(features: features, responses: responses, featuresName: featuresName, responsesName: responsesName)
        guard !splits.isEmpty else { throw CompareError.invalidInput(name: responsesName, detail: "no train/test splits to evaluate on") }
        if let ceiling, ceiling.count != responses.columns {
            throw CompareError.mismatch("the noise ceiling has \(ceiling.count) targets but \(responsesName) has \(responses.columns) columns")
        }
        var scores = Matrix(rows: splits.count, columns: responses.columns)
        var alphas: Matrix? = nil
        if case .ridge = method { alphas = Matrix(rows: splits.count, columns: responses.columns) }
        for (k, split) in splits.enumerated() {
            let (prediction, chosen) = try fitAndPredict(features: features, responses: responses, method: method, split: split)
            if let chosen { for t in 0..<chosen.count { alphas![k, t] = chosen[t] } }
            let truth = responses.selecting(rows: split.test)
            for t in 0..<responses.columns { scores[k, t] = Statistics.pearson(prediction.column(t), truth.column(t)) }
        }
        let mean = (0..<responses.columns).map { t in (0..<splits.count).reduce(0.0) { $0 + scores[$1, t] } / Double(splits.count) }
        let ceiled = ceiling.map { c in mean.indices.map { c[$0] > 0 ? mean[$0] / c[$0] : nil } }
        return EncodingResult(splits: splits, splitScores: scores, scores: mean, ceiling: ceiling, ceiledScores: ceiled, alphas: alphas)
    }

    /// Test-set predictions of one split (and the ridge α chosen per target).
    public static func fitAndPredict(features: Matrix, responses: Matrix, method: EncodingMethod,
                                     split: Split) throws -> (Matrix, [Double]?) {
        let xTrain = features.selecting(rows: split.train), yTrain = responses.selecting(rows: split.train)
        let xTest = features.selecting(rows: split.test)
        switch method {
        case let .ridge(grid, innerFolds):
            let folds = try Splits.kFold(count: split.train.count, folds: innerFolds, name: "training stimuli")
            let (chosen, _) = try RidgeRegression.selectAlphas(features: xTrain, targets: yTrain, alphas: grid, folds: folds)
            return (try RidgeRegression(features: xTrain, targets: yTrain).predict(xTest, alphas: chosen), chosen)
        case let .pls(components):
            return (try PLSRegression(features: xTrain, targets: yTrain, components: components).predict(xTest), nil)
        }
    }

    static func validate(features: Matrix, responses: Matrix, featuresName: String, responsesName: String) throws {
        guard features.rows == responses.rows else {
            throw CompareError.mismatch("\(featuresName) has \(features.rows) stimuli (rows) but \(responsesName) has \(responses.rows); both must list the same stimuli in the same order")
        }
        try Validation.requireFinite(features, name: featuresName)
        try Validation.requireFinite(responses, name: responsesName)
        for t in 0..<responses.columns {
            let column = responses.column(t)
            if column.allSatisfy({ $0 == column[0] }) {
                throw CompareError.invalidInput(name: responsesName, detail: "column \(t + 1) has the same value for every stimulus, so its correlation with any prediction is undefined; remove it")
            }
        }
        if features.columns == 0 || (0..<features.columns).allSatisfy({ c in let v = features.column(c); return v.allSatisfy { $0 == v[0] } }) {
            throw CompareError.invalidInput(name: featuresName, detail: "every feature column is constant; there is nothing to regress on")
        }
    }
}
