import Foundation

/// A spike raster with neurons grouped and coloured by type, the stimulus window shaded and
/// the population rate underneath, drawn once as a list of marks and rendered to SVG
/// (one `class="spike"` element per spike) or PNG.
public struct RasterPlot {
    typealias Mark = PlotMark

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
        // The plot covers 0 … duration; spikes outside it (e.g. inputs before t = 0) are counted in a note.
        let outside = times.filter { $0 < 0 || $0 > duration }.count
        if outside > 0 {
            marks.append(.text(x: left + plotWidth, y: 22, "\(outside) spike\(outside == 1 ? "" : "s") outside 0–\(Int(duration)) ms not shown",
                               color: RGB(hex: "#a00000"), size: 11, anchorEnd: true))
        }
        for (time, id) in zip(times, ids) where time >= 0 && time <= duration {
            let y = top + rowHeight * Double(row[Int(id)]!)
            marks.append(.line(x1: x(time), y1: y, x2: x(time), y2: y + rowHeight, color: Self.colors[table.types[Int(id)]] ?? Self.otherColor, cls: "spike"))
        }
        marks.append(.rect(x: left, y: top, width: plotWidth, height: rasterHeight, color: .black, opacity: 0, cls: "frame"))
        // Population rate in 10 ms bins [Hz per neuron].
        let bin = 10.0, bins = max(1, Int((duration / bin).rounded(.up)))
        var counts = [Double](repeating: 0, count: bins)
        for time in times where time >= 0 && time < duration { counts[min(bins - 1, Int(time / bin))] += 1 }
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

    /// The plot as an SVG document.
    public func svg() -> String { PlotDrawing(marks: marks, width: width, height: height).svg() }

    /// The plot as a PNG image (labels in a 5×7 bitmap font).
    public func png() -> Data { PlotDrawing(marks: marks, width: width, height: height).png() }
}
