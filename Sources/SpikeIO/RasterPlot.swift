import Foundation

/// A spike raster with neurons grouped and coloured by type, the stimulus window shaded and
/// the population rate underneath, drawn once as a list of marks and rendered to SVG
/// (one `class="spike"` element per spike) or PNG.
public struct RasterPlot {
    enum Mark {
        case rect(x: Double, y: Double, width: Double, height: Double, color: RGB, opacity: Double, cls: String)
        case line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, cls: String)
        case polyline([(Double, Double)], color: RGB)
        case text(x: Double, y: Double, String, color: RGB, size: Double, anchorEnd: Bool)
        /// An invisible row with the neuron's name as its tooltip (SVG only).
        case row(y: Double, height: Double, x: Double, width: Double, name: String)
    }

    public static let typeOrder = ["sensory", "interneuron", "motor", "pharyngeal"]
    public static let colors: [String: RGB] = [
        "sensory": RGB(hex: "#1f77b4"), "interneuron": RGB(hex: "#2ca02c"), "motor": RGB(hex: "#d62728"),
        "pharyngeal": RGB(hex: "#9467bd"),
    ]
    static let otherColor = RGB(hex: "#7f7f7f")

    let marks: [Mark]
    public let width: Int
    public let height: Int
    /// Neuron indices from top to bottom.
    public let order: [Int]

    public init(times: [Double], ids: [Int32], table: NeuronTable, duration: Double,
                stimulus: (window: ClosedRange<Double>, label: String)? = nil, title: String) {
        func group(_ type: String) -> Int { Self.typeOrder.firstIndex(of: type) ?? Self.typeOrder.count }
        let order = (0..<table.count).sorted {
            (group(table.types[$0]), table.types[$0], table.names[$0]) < (group(table.types[$1]), table.types[$1], table.names[$1])
        }
        let row = Dictionary(uniqueKeysWithValues: order.enumerated().map { ($1, $0) })
        let left = 120.0, right = 20.0, top = 40.0, plotWidth = 860.0
        let rowHeight = max(1.0, min(4.0, 600.0 / Double(max(1, table.count))))
        let rasterHeight = rowHeight * Double(table.count)
        let rateTop = top + rasterHeight + 30, rateHeight = 110.0
        width = Int(left + plotWidth + right)
        height = Int(rateTop + rateHeight + 50)
        self.order = order
        func x(_ t: Double) -> Double { left + plotWidth * t / duration }
        var marks: [Mark] = [.text(x: left, y: 22, title, color: .black, size: 14, anchorEnd: false)]
        if let stimulus {
            marks.append(.rect(x: x(stimulus.window.lowerBound), y: top, width: x(stimulus.window.upperBound) - x(stimulus.window.lowerBound),
                               height: rasterHeight, color: RGB(hex: "#ffd700"), opacity: 0.3, cls: "stimulus"))
            marks.append(.text(x: x(stimulus.window.lowerBound) + 3, y: top - 4, "stimulus: \(stimulus.label)", color: RGB(hex: "#a07800"), size: 11, anchorEnd: false))
        }
        // Group bands and labels.
        var start = 0
        while start < order.count {
            let type = table.types[order[start]]
            var end = start
            while end < order.count && table.types[order[end]] == type { end += 1 }
            let color = Self.colors[type] ?? Self.otherColor
            let middle = top + rowHeight * Double(start + end) / 2
            marks.append(.rect(x: left - 8, y: top + rowHeight * Double(start), width: 5, height: rowHeight * Double(end - start), color: color, opacity: 1, cls: "group"))
            marks.append(.text(x: left - 12, y: middle + 4, "\(type.isEmpty ? "unknown" : type) (\(end - start))", color: color, size: 11, anchorEnd: true))
            start = end
        }
        for (rank, neuron) in order.enumerated() {
            marks.append(.row(y: top + rowHeight * Double(rank), height: rowHeight, x: left, width: plotWidth, name: table.names[neuron]))
        }
        for (time, id) in zip(times, ids) where time <= duration {
            let y = top + rowHeight * Double(row[Int(id)]!)
            marks.append(.line(x1: x(time), y1: y, x2: x(time), y2: y + rowHeight, color: Self.colors[table.types[Int(id)]] ?? Self.otherColor, cls: "spike"))
        }
        marks.append(.rect(x: left, y: top, width: plotWidth, height: rasterHeight, color: .black, opacity: 0, cls: "frame"))
        // Population rate in 10 ms bins [Hz per neuron].
        let bin = 10.0, bins = max(1, Int((duration / bin).rounded(.up)))
        var counts = [Double](repeating: 0, count: bins)
        for time in times where time < duration { counts[min(bins - 1, Int(time / bin))] += 1 }
        let rates = counts.map { $0 / Double(max(1, table.count)) / (bin / 1000) }
        let peak = max(1, rates.max() ?? 1)
        let scale = Self.niceCeiling(peak)
        if let stimulus {
            marks.append(.rect(x: x(stimulus.window.lowerBound), y: rateTop, width: x(stimulus.window.upperBound) - x(stimulus.window.lowerBound),
                               height: rateHeight, color: RGB(hex: "#ffd700"), opacity: 0.3, cls: "stimulus"))
        }
        marks.append(.polyline(rates.enumerated().map { (x((Double($0) + 0.5) * bin), rateTop + rateHeight * (1 - $1 / scale)) }, color: .black))
        marks.append(.rect(x: left, y: rateTop, width: plotWidth, height: rateHeight, color: .black, opacity: 0, cls: "frame"))
        marks.append(.text(x: left - 12, y: rateTop + 10, String(format: "%g Hz", scale), color: .black, size: 11, anchorEnd: true))
        marks.append(.text(x: left - 12, y: rateTop + rateHeight, "0", color: .black, size: 11, anchorEnd: true))
        marks.append(.text(x: left - 12, y: rateTop + rateHeight / 2 + 4, "rate", color: .black, size: 11, anchorEnd: true))
        // Time axis.
        let step = Self.niceStep(duration / 8)
        var tick = 0.0
        while tick <= duration + 1e-9 {
            marks.append(.line(x1: x(tick), y1: rateTop + rateHeight, x2: x(tick), y2: rateTop + rateHeight + 5, color: .black, cls: "tick"))
            marks.append(.text(x: x(tick) - 8, y: rateTop + rateHeight + 18, String(format: "%g", tick), color: .black, size: 11, anchorEnd: false))
            tick += step
        }
        marks.append(.text(x: left + plotWidth / 2 - 30, y: rateTop + rateHeight + 38, "time (ms)", color: .black, size: 12, anchorEnd: false))
        self.marks = marks
    }

    static func niceStep(_ raw: Double) -> Double {
        let power = pow(10, floor(log10(max(raw, 1e-9))))
        for factor in [1.0, 2, 5, 10] where factor * power >= raw { return factor * power }
        return 10 * power
    }

    static func niceCeiling(_ value: Double) -> Double {
        let power = pow(10, floor(log10(value)))
        for factor in [1.0, 2, 5, 10] where factor * power >= value { return factor * power }
        return 10 * power
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    /// The plot as an SVG document.
    public func svg() -> String {
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"Helvetica, Arial, sans-serif\">\n"
        out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        func f(_ v: Double) -> String { String(format: "%.2f", v) }
        for mark in marks {
            switch mark {
            case let .rect(x, y, w, h, color, opacity, cls):
                let fill = opacity > 0 ? "fill=\"\(color.hex)\" fill-opacity=\"\(opacity)\"" : "fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"0.8\""
                out += "<rect class=\"\(cls)\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" \(fill)/>\n"
            case let .line(x1, y1, x2, y2, color, cls):
                out += "<line class=\"\(cls)\" x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color.hex)\" stroke-width=\"1\"/>\n"
            case let .polyline(points, color):
                out += "<polyline class=\"rate\" fill=\"none\" stroke=\"\(color.hex)\" stroke-width=\"1.2\" points=\"\(points.map { "\(f($0.0)),\(f($0.1))" }.joined(separator: " "))\"/>\n"
            case let .text(x, y, text, color, size, anchorEnd):
                out += "<text x=\"\(f(x))\" y=\"\(f(y))\" font-size=\"\(f(size))\" fill=\"\(color.hex)\"\(anchorEnd ? " text-anchor=\"end\"" : "")>\(Self.escape(text))</text>\n"
            case let .row(y, h, x, w, name):
                out += "<rect class=\"neuron\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" fill=\"transparent\"><title>\(Self.escape(name))</title></rect>\n"
            }
        }
        return out + "</svg>\n"
    }

    /// The plot as a PNG image (labels in a 5×7 bitmap font).
    public func png() -> Data {
        var image = PNGImage(width: width, height: height)
        for mark in marks {
            switch mark {
            case let .rect(x, y, w, h, color, opacity, _):
                if opacity > 0 {
                    image.fill(x: Int(x.rounded()), y: Int(y.rounded()), width: max(1, Int(w.rounded())), height: max(1, Int(h.rounded())), color: color, opacity: opacity)
                } else {
                    let x0 = Int(x.rounded()), y0 = Int(y.rounded()), x1 = Int((x + w).rounded()), y1 = Int((y + h).rounded())
                    image.line(x0, y0, x1, y0, color: color); image.line(x1, y0, x1, y1, color: color)
                    image.line(x1, y1, x0, y1, color: color); image.line(x0, y1, x0, y0, color: color)
                }
            case let .line(x1, y1, x2, y2, color, _):
                image.fill(x: Int(x1.rounded(.down)), y: Int(min(y1, y2).rounded(.down)), width: max(1, Int(abs(x2 - x1).rounded())),
                           height: max(1, Int(abs(y2 - y1).rounded())), color: color)
            case let .polyline(points, color):
                for (a, b) in zip(points, points.dropFirst()) {
                    image.line(Int(a.0.rounded()), Int(a.1.rounded()), Int(b.0.rounded()), Int(b.1.rounded()), color: color)
                }
            case let .text(x, y, text, color, _, anchorEnd):
                let textWidth = text.count * 6
                image.text(text, x: Int(x.rounded()) - (anchorEnd ? textWidth : 0), y: Int(y.rounded()) - 7, color: color)
            case .row:
                continue  // tooltips exist only in SVG
            }
        }
        return image.encoded()
    }
}
