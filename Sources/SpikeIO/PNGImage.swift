import CZlib
import Foundation

/// An RGB image in memory, written as PNG (ISO/IEC 15948: signature, IHDR, IDAT with
/// zlib-compressed scanlines using filter type 0, IEND; each chunk with its CRC-32).
public struct PNGImage: Sendable {
    public let width: Int
    public let height: Int
    /// Row-major RGB bytes.
    public private(set) var pixels: [UInt8]

    public init(width: Int, height: Int, background: RGB = .white) {
        self.width = width
        self.height = height
        pixels = [UInt8](repeating: 0, count: width * height * 3)
        fill(x: 0, y: 0, width: width, height: height, color: background)
    }

    /// Fills a rectangle, clipped to the image, blending with `opacity`.
    public mutating func fill(x: Int, y: Int, width w: Int, height h: Int, color: RGB, opacity: Double = 1) {
        let x0 = max(0, x), y0 = max(0, y), x1 = min(width, x + w), y1 = min(height, y + h)
        guard x1 > x0, y1 > y0 else { return }
        for row in y0..<y1 {
            for column in x0..<x1 {
                let k = (row * width + column) * 3
                if opacity >= 1 {
                    pixels[k] = color.r; pixels[k + 1] = color.g; pixels[k + 2] = color.b
                } else {
                    pixels[k] = UInt8(Double(pixels[k]) * (1 - opacity) + Double(color.r) * opacity)
                    pixels[k + 1] = UInt8(Double(pixels[k + 1]) * (1 - opacity) + Double(color.g) * opacity)
                    pixels[k + 2] = UInt8(Double(pixels[k + 2]) * (1 - opacity) + Double(color.b) * opacity)
                }
            }
        }
    }

    /// A one-pixel line (Bresenham).
    public mutating func line(_ xa: Int, _ ya: Int, _ xb: Int, _ yb: Int, color: RGB) {
        var x = xa, y = ya
        let dx = abs(xb - xa), dy = -abs(yb - ya), sx = xa < xb ? 1 : -1, sy = ya < yb ? 1 : -1
        var error = dx + dy
        while true {
            fill(x: x, y: y, width: 1, height: 1, color: color)
            if x == xb && y == yb { break }
            let e2 = 2 * error
            if e2 >= dy { error += dy; x += sx }
            if e2 <= dx { error += dx; y += sy }
        }
    }

    /// Text in a 5×7 bitmap font (upper-case letters, digits and common signs), scaled by `scale`.
    public mutating func text(_ string: String, x: Int, y: Int, color: RGB, scale: Int = 1) {
        var cursor = x
        for character in string.uppercased() {
            if let rows = BitmapFont.glyphs[character] {
                for (r, bits) in rows.enumerated() {
                    for c in 0..<5 where bits & (1 << (4 - c)) != 0 {
                        fill(x: cursor + c * scale, y: y + r * scale, width: scale, height: scale, color: color)
                    }
                }
            }
            cursor += 6 * scale
        }
    }

    /// The PNG file bytes.
    public func encoded() -> Data {
        var raw = [UInt8]()
        raw.reserveCapacity((width * 3 + 1) * height)
        for row in 0..<height {
            raw.append(0)  // filter type 0 (none)
            raw += pixels[(row * width * 3)..<((row + 1) * width * 3)]
        }
        var compressedLength = compressBound(uLong(raw.count))
        var compressed = [UInt8](repeating: 0, count: Int(compressedLength))
        _ = compress2(&compressed, &compressedLength, raw, uLong(raw.count), 6)
        var data = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        func bigEndian(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
        func chunk(_ type: String, _ body: [UInt8]) {
            let typed = Array(type.utf8) + body
            data += bigEndian(UInt32(body.count))
            data += typed
            data += bigEndian(UInt32(crc32(0, typed, uInt(typed.count))))
        }
        chunk("IHDR", bigEndian(UInt32(width)) + bigEndian(UInt32(height)) + [8, 2, 0, 0, 0])  // 8-bit RGB
        chunk("IDAT", Array(compressed.prefix(Int(compressedLength))))
        chunk("IEND", [])
        return data
    }
}

/// An sRGB colour.
public struct RGB: Sendable, Equatable {
    public var r: UInt8, g: UInt8, b: UInt8
    public init(_ r: UInt8, _ g: UInt8, _ b: UInt8) { self.r = r; self.g = g; self.b = b }
    public init(hex: String) {
        let value = UInt32(hex.dropFirst(), radix: 16) ?? 0
        self.init(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
    }
    public var hex: String { String(format: "#%02x%02x%02x", r, g, b) }
    public static let white = RGB(255, 255, 255), black = RGB(0, 0, 0), gray = RGB(128, 128, 128)
}
