import Foundation

extension RDM {
    /// 1 − r(uᵢ, uⱼ), with r the Pearson correlation across channels.
    public static func correlation(_ u: Matrix, name: String = "") throws -> RDM {
        var z = u
        for i in 0..<u.rows {
            let mean = u.row(i).reduce(0, +) / Double(u.columns)
            var norm = 0.0
            for c in 0..<u.columns { z[i, c] -= mean; norm += z[i, c] * z[i, c] }
            guard norm > 0 else {
                throw CompareError.invalidInput(name: name, detail: "condition \(i + 1) has the same value in every channel, so its correlation with other patterns is undefined; use --rdm "
                    + "euclidean or drop the condition")
            }
            let scale = 1 / norm.squareRoot()
            for c in 0..<u.columns { z[i, c] *= scale }
        }
        let gram = z.gram()
        return from(conditions: u.rows, name: name) { i, j in 1 - gram[i, j] }
    }
}
