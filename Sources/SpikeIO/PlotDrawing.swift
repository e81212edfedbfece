import Foundation

/// One element of a plot, drawn the same way to SVG and to PNG.
enum PlotMark {
    case rect(x: Double, y: Double, width: Double, height: Double, color: RGB, opacity: Double, cls: String)
    case line(x1: Double, y1: Double, x2: Double, y2: Double, color: RGB, cls: String)
    case polyline([(Double, Double)], color: RGB)
    case text(x: Double, y: Double, String, color: RGB, size: Double, anchorEnd: Bool)
    /// An invisible row with the neuron's name as its tooltip (SVG only).
    case row(y: Double, height: Double, x: Double, width: Double, name: String)
    /// A grid of cells (row-major `columns` × `rows` colours) stretched over the rectangle:
    /// an embedded PNG in SVG (a 10^5-cell heat map as rectangles would be megabytes).
    case bitmap(x: Double, y: Double, width: Double, height: Double, columns: Int, rows: Int, pixels: [RGB])
}

/// A list of marks rendered to SVG or PNG, shared by every plot.
struct PlotDrawing {
    let marks: [PlotMark]
    let width: Int
    let height: Int

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;").replacingOccurrences(of: ">", with: "&gt;")
    }

    func svg() -> String {
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
            case let .bitmap(x, y, w, h, columns, rows, pixels):
                let cells = PlotDrawing(marks: [.bitmap(x: 0, y: 0, width: Double(columns), height: Double(rows), columns: columns, rows: rows,
                                                        pixels: pixels)], width: columns, height: rows).png()
                out += "<image class=\"cells\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" "
                    + "href=\"data:image/png;base64,\(cells.base64EncodedString())\"/>\n"
            }
        }
        return out + "</svg>\n"
    }
}
