import Foundation

/// SVG figures for comparison results: RDM heat maps, score histograms and model bar charts
/// with error bars and the noise-ceiling band (drawn as rsatoolbox draws it: a grey band from
/// the lower to the upper bound).
public enum ComparisonPlots {
    static func header(_ width: Double, _ height: Double, _ title: String) -> String {
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" font-family=\"Helvetica, Arial, sans-serif\">\n"
            + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n<text x=\"20\" y=\"20\" font-size=\"14\">\(escape(title))</text>\n"
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// Viridis-like colour for t in [0, 1] (five anchors, linear between them).
    static func color(_ t: Double) -> String {
        let anchors: [(Double, Double, Double)] = [(68, 1, 84), (59, 82, 139), (33, 145, 140), (94, 201, 98), (253, 231, 37)]
        let x = min(max(t.isFinite ? t : 0, 0), 1) * Double(anchors.count - 1)
        let k = min(Int(x), anchors.count - 2), f = x - Double(k)
        let (a, b) = (anchors[k], anchors[k + 1])
        return String(format: "#%02x%02x%02x", Int(a.0 + (b.0 - a.0) * f), Int(a.1 + (b.1 - a.1) * f), Int(a.2 + (b.2 - a.2) * f))
    }

    /// The RDM as a K × K heat map (dissimilarity low = dark). Above `maxCells` conditions,
    /// blocks of conditions are averaged so the file stays small; the title says so.
    public static func rdmHeatMap(_ rdm: RDM, title: String, maxCells: Int = 200) -> String {
        let k = rdm.conditions
        let block = max(1, Int((Double(k) / Double(maxCells)).rounded(.up)))
        let cells = (k + block - 1) / block
        var grid = [Double](repeating: 0, count: cells * cells), counts = grid
        for i in 0..<k { for j in 0..<k where i != j {
            let v = rdm[i, j]
            guard v.isFinite else { continue }
            grid[(i / block) * cells + j / block] += v; counts[(i / block) * cells + j / block] += 1
        } }
        for c in grid.indices { grid[c] = counts[c] > 0 ? grid[c] / counts[c] : 0 }
        let low = rdm.vector.filter(\.isFinite).min() ?? 0, high = rdm.vector.filter(\.isFinite).max() ?? 1
        let size = 480.0, cell = size / Double(cells), left = 40.0, top = 40.0
        var out = header(left + size + 120, top + size + 40, title + (block > 1 ? " (\(block) × \(block) condition blocks averaged)" : ""))
        for i in 0..<cells { for j in 0..<cells {
            let t = high > low ? (grid[i * cells + j] - low) / (high - low) : 0
            out += String(format: "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"%@\"/>\n",
                          left + Double(j) * cell, top + Double(i) * cell, cell + 0.05, cell + 0.05, color(i == j && block == 1 ? 0 : t))
        } }
        // Colour bar.
        for s in 0..<50 {
            out += String(format: "<rect x=\"%.1f\" y=\"%.2f\" width=\"16\" height=\"%.2f\" fill=\"%@\"/>\n",
                          left + size + 20, top + size * (1 - Double(s + 1) / 50), size / 50 + 0.05, color(Double(s) / 49))
        }
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.4g</text>\n", left + size + 40, top + 10, high)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.4g</text>\n", left + size + 40, top + size, low)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%d conditions</text>\n", left, top + size + 20, k)
        return out + "</svg>\n"
    }

    /// A histogram of per-target scores (e.g. predictivity r), with the median marked.
    public static func histogram(_ values: [Double], title: String, xLabel: String, bins: Int = 20) -> String {
        let finite = values.filter(\.isFinite)
        let low = min(0, finite.min() ?? 0), high = max(1, finite.max() ?? 1)
        var counts = [Int](repeating: 0, count: bins)
        for v in finite { counts[min(bins - 1, max(0, Int((v - low) / (high - low) * Double(bins))))] += 1 }
        let width = 600.0, height = 320.0, left = 60.0, top = 30.0, plotWidth = 520.0, plotHeight = 250.0
        let peak = Double(max(1, counts.max() ?? 1))
        var out = header(width, height, title)
        for (k, count) in counts.enumerated() {
            let h = plotHeight * Double(count) / peak
            out += String(format: "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#1f77b4\"><title>%d</title></rect>\n",
                          left + Double(k) * plotWidth / Double(bins), top + plotHeight - h, plotWidth / Double(bins) - 1, h, count)
        }
        let sorted = finite.sorted()
        if !sorted.isEmpty {
            let median = sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
            let x = left + (median - low) / (high - low) * plotWidth
            out += String(format: "<line x1=\"%.2f\" y1=\"%.1f\" x2=\"%.2f\" y2=\"%.1f\" stroke=\"#d62728\" stroke-width=\"2\"/>\n", x, top, x, top + plotHeight)
            out += String(format: "<text x=\"%.2f\" y=\"%.1f\" font-size=\"11\" fill=\"#d62728\">median %.3f</text>\n", x + 4, top + 12, median)
        }
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"black\" stroke-width=\"0.8\"/>\n"
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\">%.3g</text>\n", left, top + plotHeight + 15, low)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.3g</text>\n", left + plotWidth, top + plotHeight + 15, high)
        out += "<text x=\"\(left + plotWidth / 2)\" y=\"\(top + plotHeight + 30)\" font-size=\"12\" text-anchor=\"middle\">\(escape(xLabel))</text>\n"
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%d</text>\n", left - 5, top + 10, Int(peak))
        return out + "</svg>\n"
    }

    /// One bar per model (mean similarity) with error bars (e.g. bootstrap 95 % interval) and
    /// the noise ceiling as a grey band from its lower to its upper bound.
    public static func modelBars(names: [String], values: [Double], errorLow: [Double]?, errorHigh: [Double]?,
                                 ceiling: RSANoiseCeiling?, title: String, yLabel: String) -> String {
        let width = max(Double(title.count) * 7.5 + 40, 120 + 70 * Double(names.count)), height = 380.0, left = 70.0, top = 30.0, plotHeight = 260.0
        let plotWidth = width - left - 20
        let candidates = values + (errorLow ?? []) + (errorHigh ?? []) + [ceiling?.upper ?? 0, ceiling?.lower ?? 0, 0]
        let low = min(0, candidates.filter(\.isFinite).min() ?? 0), high = max(candidates.filter(\.isFinite).max() ?? 1, 1e-12) * 1.05
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (v - low) / (high - low)) }
        var out = header(width, height, title)
        if let ceiling {
            out += String(format: "<rect x=\"%.1f\" y=\"%.2f\" width=\"%.1f\" height=\"%.2f\" fill=\"#bbbbbb\" fill-opacity=\"0.6\"><title>noise ceiling %.4f–%.4f</title></rect>\n",
                          left, y(ceiling.upper), plotWidth, max(0.5, y(ceiling.lower) - y(ceiling.upper)), ceiling.lower, ceiling.upper)
        }
        let slot = plotWidth / Double(max(1, names.count))
        for (k, name) in names.enumerated() {
            let x = left + slot * (Double(k) + 0.2), w = slot * 0.6
            out += String(format: "<rect x=\"%.2f\" y=\"%.2f\" width=\"%.2f\" height=\"%.2f\" fill=\"#1f77b4\"><title>%@: %.4f</title></rect>\n",
                          x, min(y(values[k]), y(0)), w, abs(y(0) - y(values[k])), escape(name), values[k])
            if let errorLow, let errorHigh {
                let cx = x + w / 2
                out += String(format: "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"black\" stroke-width=\"1.5\"/>\n", cx, y(errorLow[k]), cx, y(errorHigh[k]))
                for v in [errorLow[k], errorHigh[k]] {
                    out += String(format: "<line x1=\"%.2f\" y1=\"%.2f\" x2=\"%.2f\" y2=\"%.2f\" stroke=\"black\" stroke-width=\"1.5\"/>\n", cx - 5, y(v), cx + 5, y(v))
                }
            }
            out += String(format: "<text x=\"%.2f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" transform=\"rotate(-35 %.2f %.1f)\">%@</text>\n",
                          x + w / 2, top + plotHeight + 15, x + w / 2, top + plotHeight + 15, escape(name))
        }
        out += String(format: "<line x1=\"%.1f\" y1=\"%.2f\" x2=\"%.1f\" y2=\"%.2f\" stroke=\"black\" stroke-width=\"0.8\"/>\n", left, y(0), left + plotWidth, y(0))
        out += "<rect x=\"\(left)\" y=\"\(top)\" width=\"\(plotWidth)\" height=\"\(plotHeight)\" fill=\"none\" stroke=\"black\" stroke-width=\"0.8\"/>\n"
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.3g</text>\n", left - 5, top + 10, high)
        out += String(format: "<text x=\"%.1f\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%.3g</text>\n", left - 5, y(low), low)
        out += String(format: "<text x=\"15\" y=\"%.1f\" font-size=\"12\" transform=\"rotate(-90 15 %.1f)\" text-anchor=\"middle\">%@</text>\n",
                      top + plotHeight / 2, top + plotHeight / 2, escape(yLabel))
        return out + "</svg>\n"
    }
}
