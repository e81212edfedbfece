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
                var cells = PNGImage(width: columns, height: rows)
                for r in 0..<rows { for c in 0..<columns { cells.fill(x: c, y: r, width: 1, height: 1, color: pixels[r * columns + c]) } }
                out += "<image class=\"cells\" x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(w))\" height=\"\(f(h))\" preserveAspectRatio=\"none\" style=\"image-rendering:pixelated\" "
                    + "href=\"data:image/png;base64,\(cells.encoded().base64EncodedString())\"/>\n"
            }
        }
        return out + "</svg>\n"
    }

    func png() -> Data {
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
            case let .bitmap(x, y, w, h, columns, rows, pixels):
                let x0 = Int(x.rounded()), y0 = Int(y.rounded()), x1 = Int((x + w).rounded()), y1 = Int((y + h).rounded())
                guard x1 > x0, y1 > y0 else { continue }
                for py in y0..<y1 {
                    let r = min(rows - 1, (py - y0) * rows / (y1 - y0))
                    for px in x0..<x1 {
                        let c = min(columns - 1, (px - x0) * columns / (x1 - x0))
                        image.fill(x: px, y: py, width: 1, height: 1, color: pixels[r * columns + c])
                    }
                }
            }
        }
        return image.encoded()
    }
}
