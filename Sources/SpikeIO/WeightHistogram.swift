import Foundation

/// A histogram of plastic weights over [0, w_max], as SVG (bimodal STDP outcomes show as two
/// peaks at the bounds).
public struct WeightHistogram {
    public let counts: [Int]
    public let maximum: Double

    public init(weights: [Double], maximum: Double, bins: Int = 20) {
        self.maximum = maximum
        var counts = [Int](repeating: 0, count: bins)
        for w in weights { counts[min(bins - 1, max(0, Int(w / maximum * Double(bins))))] += 1 }
        self.counts = counts
    }

    /// Fraction of weights in the lowest and highest tenth of [0, w_max].
    public var fractionNearBounds: (low: Double, high: Double) {
        let total = Double(max(1, counts.reduce(0, +))), tenth = max(1, counts.count / 10)
        return (Double(counts.prefix(tenth).reduce(0, +)) / total, Double(counts.suffix(tenth).reduce(0, +)) / total)
    }

    public func svg(title: String) -> String {
        let width = 600.0, height = 320.0, left = 60.0, bottom = 40.0, top = 30.0
        let plotWidth = width - left - 20, plotHeight = height - top - bottom
        let peak = Double(max(1, counts.max() ?? 1))
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"Helvetica, Arial, "
            + "sans-serif\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"\(left)\" y=\"20\" font-size=\"14\">\(PlotDrawing.escape(title))</text>\n"
        let barWidth = plotWidth / Double(counts.count)
        for (k, count) in counts.enumerated() {
            let h = plotHeight * Double(count) / peak
            out += String(format: "<rect class=\"bar\" x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#1f77b4\"><title>%d</title></rect>\n",
                          left + Double(k) * barWidth, top + plotHeight - h, barWidth - 1, h, count)
        }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"black\" stroke-width=\"0.8\"/>\n"
        out += "<text x=\"\(left)\" y=\"\(height - 15)\" font-size=\"11\">0</text>\n"
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">w_max = %g</text>\n", left + plotWidth, height - 15, maximum)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d</text>\n", left - 5, top + 10, Int(peak))
        out += "<text x=\"\(left + plotWidth / 2 - 20)\" y=\"\(height - 15)\" font-size=\"12\">weight</text>\n"
        return out + "</svg>\n"
    }
}
