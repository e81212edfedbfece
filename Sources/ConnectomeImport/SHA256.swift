import COpenSSL
import Foundation

/// SHA-256 (FIPS 180-4) through OpenSSL's libcrypto, used to record checksums of the files a
/// connectome was built from; checked against `sha256sum` and the FIPS test vectors in the tests.
/// A hasher is an object around one OpenSSL digest context: feed it with `update`, then read
/// `hexDigest()` once.
public final class SHA256 {
    private let context: OpaquePointer
    private var digest: String?

    public init() {
        // Allocation fails only when memory is exhausted, where nothing else could go on either.
        guard let context = EVP_MD_CTX_new() else { fatalError("OpenSSL could not allocate a digest context") }
        self.context = context
        EVP_DigestInit_ex(context, EVP_sha256(), nil)
    }

    deinit { EVP_MD_CTX_free(context) }

    /// Adds bytes to the message.
    public func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        precondition(digest == nil, "SHA256: update after hexDigest()")
        let done = bytes.withContiguousStorageIfAvailable { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        }
        if done == nil {
            let copy = Array(bytes)
            copy.withUnsafeBufferPointer { _ = EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        }
    }

    /// The digest as 64 lowercase hex digits (the same string on every call).
    public func hexDigest() -> String {
        if let digest { return digest }
        var bytes = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        EVP_DigestFinal_ex(context, &bytes, &length)
        let text = bytes.prefix(Int(length)).map { String(format: "%02x", $0) }.joined()
        digest = text
        return text
    }

    /// The SHA-256 of a file's contents, read in 16 MB pieces (files may exceed memory).
    public static func hexDigest(ofFile path: String) throws -> String {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw ImportError(file: path, "cannot be read")
        }
        defer { try? handle.close() }
        let hasher = SHA256()
        while true {
            let piece: Data
            do { piece = try handle.read(upToCount: 16 << 20) ?? Data() } catch {
                throw ImportError(file: path, "reading failed: \(error.localizedDescription)")
            }
            if piece.isEmpty { break }
            hasher.update(piece)
        }
        return hasher.hexDigest()
    }
}
