import Foundation

/// Every neuron's activity change from rest over time, neurons grouped and labelled by type
/// like the raster, the stimulus window marked above: what a calcium-imaging figure shows.
public struct ActivityHeatmap {
    let drawing: PlotDrawing
    /// Half-width of the colour scale (Δa at full red or blue).
    public let scale: Double

    /// `activity` is row-major samples × neurons; `rest` the activity each neuron starts from.
    /// Neurons in `saturated` (the stimulated ones) do not set the colour scale, so the
    /// network's smaller responses stay visible while theirs saturate.
    public init(times: [Double], activity: [Double], rest: [Double], table: NeuronTable,
                stimulus: (window: ClosedRange<Double>, label: String)?, title: String, saturated: Set<Int> = []) {
        let n = table.count, samples = times.count
        func group(_ type: String) -> Int { RasterPlot.typeOrder.firstIndex(of: type) ?? RasterPlot.typeOrder.count }
        let order = (0..<n).sorted {
            (group(table.types[$0]), table.types[$0], table.names[$0]) < (group(table.types[$1]), table.types[$1], table.names[$1])
        }
        let columns = max(1, min(samples, 600))
        var cells = [Double](repeating: 0, count: n * columns)
        var largest = 0.0
        for (rank, neuron) in order.enumerated() {
            for c in 0..<columns {
                let lower = c * samples / columns, upper = max(lower + 1, (c + 1) * samples / columns)
                var sum = 0.0
                for t in lower..<upper { sum += activity[t * n + neuron] }
                let change = sum / Double(upper - lower) - rest[neuron]
                cells[rank * columns + c] = change
                if !saturated.contains(neuron) { largest = max(largest, abs(change)) }
            }
        }
        let scale = RasterPlot.niceCeiling(max(largest, 1e-3))
        self.scale = scale
        let left = 120.0, top = 50.0, plotWidth = 860.0, right = 130.0
        let rowHeight = max(1.0, min(4.0, 600.0 / Double(max(1, n))))
        let plotHeight = rowHeight * Double(n)
        let width = Int(left + plotWidth + right), height = Int(top + plotHeight + 60)
        let start = times.first ?? 0, end = max(times.last ?? 1, start + 1e-9)
        func x(_ t: Double) -> Double { left + plotWidth * (t - start) / (end - start) }
        var marks: [PlotMark] = [.text(x: left, y: 22, title, color: .black, size: 14, anchorEnd: false)]
        if let stimulus {
            marks.append(.rect(x: x(stimulus.window.lowerBound), y: top - 12, width: x(stimulus.window.upperBound) - x(stimulus.window.lowerBound),
                               height: 8, color: RGB(hex: "#ffd700"), opacity: 1, cls: "stimulus"))
            marks.append(.text(x: x(stimulus.window.lowerBound), y: top - 16, "stimulus: \(stimulus.label)", color: RGB(hex: "#a07800"), size: 11, anchorEnd: false))
        }
        marks.append(.bitmap(x: left, y: top, width: plotWidth, height: plotHeight, columns: columns, rows: n,
                             pixels: cells.map { Self.color($0 / scale) }))
        marks += TypeBands.marks(order: order, types: table.types, names: table.names, left: left, top: top, rowHeight: rowHeight, plotWidth: plotWidth)
        marks.append(.rect(x: left, y: top, width: plotWidth, height: plotHeight, color: .black, opacity: 0, cls: "frame"))
        marks += TimeAxis.marks(from: start, to: end, x: x, y: top + plotHeight)
        // Colour bar.
        let barX = left + plotWidth + 20, barHeight = min(200.0, plotHeight)
        let steps = 50
        marks.append(.bitmap(x: barX, y: top, width: 14, height: barHeight, columns: 1, rows: steps,
                             pixels: (0..<steps).map { Self.color(1 - 2 * (Double($0) + 0.5) / Double(steps)) }))
        marks.append(.text(x: barX + 18, y: top + 8, String(format: "%+g", scale), color: .black, size: 10, anchorEnd: false))
        marks.append(.text(x: barX + 18, y: top + barHeight / 2 + 4, "0", color: .black, size: 10, anchorEnd: false))
        marks.append(.text(x: barX + 18, y: top + barHeight, String(format: "%+g", -scale), color: .black, size: 10, anchorEnd: false))
        marks.append(.text(x: barX, y: top + barHeight + 16, "activity - rest", color: .black, size: 10, anchorEnd: false))
        drawing = PlotDrawing(marks: marks, width: width, height: height)
    }

    /// Blue (−1) through white (0) to red (+1).
    static func color(_ value: Double) -> RGB {
        let v = max(-1, min(1, value.isFinite ? value : 0))
        let (r, g, b): (Double, Double, Double) = v >= 0 ? (1, 1 - v, 1 - v) : (1 + v, 1 + v, 1)
        return RGB(UInt8((r * 255).rounded()), UInt8((g * 255).rounded()), UInt8((b * 255).rounded()))
    }

    public func svg() -> String { drawing.svg() }
    public func png() -> Data { drawing.png() }
}

/// Lines over time (e.g. the command interneurons' activity) with the stimulus shaded.
public struct TracePlot {
    public struct Line {
        public var label: String
        public var values: [Double]
        public var color: String
        public init(label: String, values: [Double], color: String) {
            self.label = label
            self.values = values
            self.color = color
        }
    }

    let drawing: PlotDrawing

    public init(times: [Double], lines: [Line], yLabel: String, stimulus: (window: ClosedRange<Double>, label: String)?, title: String) {
        let left = 80.0, top = 40.0, plotWidth = 760.0, plotHeight = 320.0, right = 130.0
        let width = Int(left + plotWidth + right), height = Int(top + plotHeight + 60)
        let start = times.first ?? 0, end = max(times.last ?? 1, start + 1e-9)
        let values = lines.flatMap(\.values).filter(\.isFinite)
        var low = values.min() ?? 0, high = values.max() ?? 1
        if high - low < 1e-9 { low -= 0.5; high += 0.5 }
        let pad = 0.05 * (high - low)
        low -= pad
        high += pad
        func x(_ t: Double) -> Double { left + plotWidth * (t - start) / (end - start) }
        func y(_ v: Double) -> Double { top + plotHeight * (1 - (v - low) / (high - low)) }
        var marks: [PlotMark] = [.text(x: left, y: 22, title, color: .black, size: 14, anchorEnd: false)]
        if let stimulus {
            marks.append(.rect(x: x(stimulus.window.lowerBound), y: top, width: x(stimulus.window.upperBound) - x(stimulus.window.lowerBound),
                               height: plotHeight, color: RGB(hex: "#ffd700"), opacity: 0.3, cls: "stimulus"))
            marks.append(.text(x: x(stimulus.window.lowerBound) + 3, y: top - 4, "stimulus: \(stimulus.label)", color: RGB(hex: "#a07800"), size: 11, anchorEnd: false))
        }
        // Thin the points to at most one per pixel column.
        let stride = max(1, times.count / Int(plotWidth))
        for (k, line) in lines.enumerated() {
            let points = Swift.stride(from: 0, to: times.count, by: stride).map { (x(times[$0]), y(line.values[$0])) }
            marks.append(.polyline(points, color: RGB(hex: line.color)))
            let legendY = top + 14 + 16 * Double(k)
            marks.append(.line(x1: left + plotWidth + 12, y1: legendY - 4, x2: left + plotWidth + 30, y2: legendY - 4, color: RGB(hex: line.color), cls: "legend"))
            marks.append(.text(x: left + plotWidth + 34, y: legendY, line.label, color: .black, size: 11, anchorEnd: false))
        }
        marks.append(.rect(x: left, y: top, width: plotWidth, height: plotHeight, color: .black, opacity: 0, cls: "frame"))
        let tickStep = RasterPlot.niceStep((high - low) / 5)
        var tick = (low / tickStep).rounded(.up) * tickStep
        while tick <= high {
            marks.append(.line(x1: left - 4, y1: y(tick), x2: left, y2: y(tick), color: .black, cls: "tick"))
            marks.append(.text(x: left - 6, y: y(tick) + 4, String(format: "%g", (tick / tickStep).rounded() * tickStep), color: .black, size: 10, anchorEnd: true))
            tick += tickStep
        }
        marks.append(.text(x: left - 6, y: top - 8, yLabel, color: .black, size: 11, anchorEnd: true))
        marks += TimeAxis.marks(from: start, to: end, x: x, y: top + plotHeight)
        drawing = PlotDrawing(marks: marks, width: width, height: height)
    }

    public func svg() -> String { drawing.svg() }
    public func png() -> Data { drawing.png() }
}

/// The coloured type bands and labels left of a neuron-per-row plot.
enum TypeBands {
    static func marks(order: [Int], types: [String], names: [String], left: Double, top: Double, rowHeight: Double, plotWidth: Double) -> [PlotMark] {
        var marks: [PlotMark] = []
        var start = 0
        while start < order.count {
            let type = types[order[start]]
            var end = start
            while end < order.count && types[order[end]] == type { end += 1 }
            let color = RasterPlot.colors[type] ?? RasterPlot.otherColor
            marks.append(.rect(x: left - 8, y: top + rowHeight * Double(start), width: 5, height: rowHeight * Double(end - start), color: color, opacity: 1, cls: "group"))
            marks.append(.text(x: left - 12, y: top + rowHeight * Double(start + end) / 2 + 4, "\(type.isEmpty ? "unknown" : type) (\(end - start))",
                               color: color, size: 11, anchorEnd: true))
            start = end
        }
        for (rank, neuron) in order.enumerated() {
            marks.append(.row(y: top + rowHeight * Double(rank), height: rowHeight, x: left, width: plotWidth, name: names[neuron]))
        }
        return marks
    }
}

/// Ticks and labels of a time axis in ms.
enum TimeAxis {
    static func marks(from start: Double, to end: Double, x: (Double) -> Double, y: Double) -> [PlotMark] {
        var marks: [PlotMark] = []
        let step = RasterPlot.niceStep((end - start) / 8)
        var tick = (start / step).rounded(.up) * step
        while tick <= end + 1e-9 {
            marks.append(.line(x1: x(tick), y1: y, x2: x(tick), y2: y + 5, color: .black, cls: "tick"))
            marks.append(.text(x: x(tick) - 8, y: y + 18, String(format: "%g", tick), color: .black, size: 11, anchorEnd: false))
            tick += step
        }
        marks.append(.text(x: x((start + end) / 2) - 30, y: y + 38, "time (ms)", color: .black, size: 12, anchorEnd: false))
        return marks
    }
}

/// A matrix of signed values (e.g. stimulated × responding neurons) in the blue–white–red
/// scale, row labels when they fit.
public struct MatrixHeatmap {
    let drawing: PlotDrawing

    public init(values: [Double], rows: [String], columns: [String], title: String) {
        let left = 90.0, top = 40.0, right = 90.0
        let cell = max(1.0, min(12.0, 900.0 / Double(max(1, max(rows.count, columns.count)))))
        let plotWidth = cell * Double(columns.count), plotHeight = cell * Double(rows.count)
        let largest = values.filter(\.isFinite).map(abs).max() ?? 0
        let scale = RasterPlot.niceCeiling(max(largest, 1e-3))
        var marks: [PlotMark] = [.text(x: 10, y: 22, title, color: .black, size: 13, anchorEnd: false)]
        marks.append(.bitmap(x: left, y: top, width: plotWidth, height: plotHeight, columns: max(1, columns.count), rows: max(1, rows.count),
                             pixels: values.isEmpty ? [.white] : values.map { ActivityHeatmap.color($0 / scale) }))
        marks.append(.rect(x: left, y: top, width: plotWidth, height: plotHeight, color: .black, opacity: 0, cls: "frame"))
        if cell >= 8 {
            for (r, name) in rows.enumerated() {
                marks.append(.text(x: left - 4, y: top + cell * (Double(r) + 0.8), name, color: .black, size: min(10, cell), anchorEnd: true))
            }
        }
        for (r, name) in rows.enumerated() {
            marks.append(.row(y: top + cell * Double(r), height: cell, x: left, width: plotWidth, name: "stimulated \(name)"))
        }
        marks.append(.text(x: left, y: top + plotHeight + 18, "responding neurons (\(columns.count))", color: .black, size: 12, anchorEnd: false))
        marks.append(.text(x: left - 4, y: top - 6, "stimulated", color: .black, size: 11, anchorEnd: true))
        let barX = left + plotWidth + 20, barHeight = max(60, min(200.0, plotHeight))
        marks.append(.bitmap(x: barX, y: top, width: 14, height: barHeight, columns: 1, rows: 50,
                             pixels: (0..<50).map { ActivityHeatmap.color(1 - 2 * (Double($0) + 0.5) / 50) }))
        marks.append(.text(x: barX + 18, y: top + 8, String(format: "%+g", scale), color: .black, size: 10, anchorEnd: false))
        marks.append(.text(x: barX + 18, y: top + barHeight, String(format: "%+g", -scale), color: .black, size: 10, anchorEnd: false))
        marks.append(.text(x: barX, y: top + barHeight + 16, "response", color: .black, size: 10, anchorEnd: false))
        drawing = PlotDrawing(marks: marks, width: Int(left + plotWidth + right + 40), height: Int(top + max(plotHeight, barHeight) + 40))
    }

    public func svg() -> String { drawing.svg() }
    public func png() -> Data { drawing.png() }
}
