import CHDF5
import Foundation

/// A Swift numeric type that maps onto one HDF5 atomic type.
///
/// `fileType` is the little-endian standard type written to disk, so stores are
/// byte-identical across hosts; `memoryType` is the native type HDF5 converts to on read.
public protocol HDF5Scalar: Numeric, Sendable {
    static var memoryType: hid_t { get }
    static var fileType: hid_t { get }
}

extension Int8: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_int8() }
    public static var fileType: hid_t { plx_std_i8le() }
}
extension UInt8: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_uint8() }
    public static var fileType: hid_t { plx_std_u8le() }
}
extension Int16: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_int16() }
    public static var fileType: hid_t { plx_std_i16le() }
}
extension UInt16: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_uint16() }
    public static var fileType: hid_t { plx_std_u16le() }
}
extension Int32: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_int32() }
    public static var fileType: hid_t { plx_std_i32le() }
}
extension UInt32: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_uint32() }
    public static var fileType: hid_t { plx_std_u32le() }
}
extension Int64: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_int64() }
    public static var fileType: hid_t { plx_std_i64le() }
}
extension UInt64: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_uint64() }
    public static var fileType: hid_t { plx_std_u64le() }
}
extension Float: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_float() }
    public static var fileType: hid_t { plx_ieee_f32le() }
}
extension Double: HDF5Scalar {
    public static var memoryType: hid_t { plx_native_double() }
    public static var fileType: hid_t { plx_ieee_f64le() }
}

/// The storage class of a dataset as found in a file, for callers that must accept
/// several numeric types (e.g. integer or float weights).
public enum HDF5ElementKind: Equatable, Sendable {
    case signedInteger(bytes: Int)
    case unsignedInteger(bytes: Int)
    case float(bytes: Int)
    case string
    case other
}
