import CCairo
import Foundation

extension PlotDrawing {
    /// cairo's largest image side [pixels].
    static let largestSide = 32_767

    /// The plot as a PNG drawn by cairo (antialiased, text in DejaVu Sans), 8-bit RGB. A plot
    /// taller or wider than cairo's 32767 pixels (a raster of more neurons) is scaled down to
    /// fit; the SVG keeps every row.
    func png() -> Data {
        let scale = min(1, Double(Self.largestSide) / Double(max(width, height, 1)))
        let surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(max(1, (Double(width) * scale).rounded(.down))),
                                                 Int32(max(1, (Double(height) * scale).rounded(.down))))
        let context = cairo_create(surface)
        defer {
            cairo_destroy(context)
            cairo_surface_destroy(surface)
        }
        cairo_set_source_rgb(context, 1, 1, 1)
        cairo_paint(context)
        cairo_scale(context, scale, scale)
        cairo_select_font_face(context, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL)
        for mark in marks { draw(mark, on: context) }
        cairo_surface_flush(surface)
        return Self.encode(surface)
    }

    private func draw(_ mark: PlotMark, on context: OpaquePointer?) {
        func color(_ c: RGB, _ alpha: Double = 1) {
            cairo_set_source_rgba(context, Double(c.r) / 255, Double(c.g) / 255, Double(c.b) / 255, alpha)
        }
        switch mark {
        case let .rect(x, y, w, h, c, opacity, _):
            cairo_rectangle(context, x, y, w, h)
            if opacity > 0 {
                color(c, opacity)
                cairo_fill(context)
            } else {
                color(c)
                cairo_set_line_width(context, 0.8)
                cairo_stroke(context)
            }
        case let .line(x1, y1, x2, y2, c, _):
            color(c)
            cairo_set_line_width(context, 1)
            cairo_move_to(context, x1, y1)
            cairo_line_to(context, x2, y2)
            cairo_stroke(context)
        case let .polyline(points, c):
            guard let first = points.first else { return }
            color(c)
            cairo_set_line_width(context, 1.2)
            cairo_move_to(context, first.0, first.1)
            for point in points.dropFirst() { cairo_line_to(context, point.0, point.1) }
            cairo_stroke(context)
        case let .text(x, y, text, c, size, anchorEnd):
            color(c)
            cairo_set_font_size(context, size)
            var extents = cairo_text_extents_t()
            cairo_text_extents(context, text, &extents)
            cairo_move_to(context, anchorEnd ? x - extents.x_advance : x, y)
            cairo_show_text(context, text)
        case .row:
            return  // tooltips exist only in SVG
        case let .bitmap(x, y, w, h, columns, rows, pixels):
            drawBitmap(x: x, y: y, width: w, height: h, columns: columns, rows: rows, pixels: pixels, on: context)
        }
    }

    /// A grid of cells scaled onto the rectangle without smoothing (each cell a sharp block).
    private func drawBitmap(x: Double, y: Double, width w: Double, height h: Double, columns: Int, rows: Int, pixels: [RGB],
                            on context: OpaquePointer?) {
        guard columns > 0, rows > 0, pixels.count == columns * rows else { return }
        let cells = cairo_image_surface_create(CAIRO_FORMAT_RGB24, Int32(columns), Int32(rows))
        defer { cairo_surface_destroy(cells) }
        cairo_surface_flush(cells)
        let stride = Int(cairo_image_surface_get_stride(cells))
        guard let data = cairo_image_surface_get_data(cells) else { return }
        for r in 0..<rows {
            let row = UnsafeMutableRawPointer(data + r * stride).assumingMemoryBound(to: UInt32.self)
            for c in 0..<columns {
                let p = pixels[r * columns + c]
                row[c] = UInt32(p.r) << 16 | UInt32(p.g) << 8 | UInt32(p.b)
            }
        }
        cairo_surface_mark_dirty(cells)
        cairo_save(context)
        cairo_translate(context, x, y)
        cairo_scale(context, w / Double(columns), h / Double(rows))
        cairo_set_source_surface(context, cells, 0, 0)
        cairo_pattern_set_filter(cairo_get_source(context), CAIRO_FILTER_NEAREST)
        cairo_rectangle(context, 0, 0, Double(columns), Double(rows))
        cairo_fill(context)
        cairo_restore(context)
    }

    /// The surface's PNG bytes, collected in memory (the caller writes them atomically).
    private static func encode(_ surface: OpaquePointer?) -> Data {
        final class Sink { var data = Data() }
        let sink = Sink()
        let unmanaged = Unmanaged.passRetained(sink)
        defer { unmanaged.release() }
        cairo_surface_write_to_png_stream(surface, { closure, bytes, length in
            guard let closure, let bytes else { return CAIRO_STATUS_WRITE_ERROR }
            Unmanaged<Sink>.fromOpaque(closure).takeUnretainedValue().data.append(bytes, count: Int(length))
            return CAIRO_STATUS_SUCCESS
        }, unmanaged.toOpaque())
        return sink.data
    }
}
