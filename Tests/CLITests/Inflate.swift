import CZlib

/// Inflates a zlib stream (PNG image data) with the system zlib, given the expected size.
func inflate(_ zlibData: [UInt8], expected: Int) -> [UInt8]? {
    var output = [UInt8](repeating: 0, count: expected + 1)
    var length = uLongf(output.count)
    guard uncompress(&output, &length, zlibData, uLong(zlibData.count)) == Z_OK else { return nil }
    return Array(output.prefix(Int(length)))
}
