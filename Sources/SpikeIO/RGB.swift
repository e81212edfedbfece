import Foundation

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
