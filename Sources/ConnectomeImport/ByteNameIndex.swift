import Foundation

/// A hash table from UTF-8 names to integers that is queried with raw byte views, so that
/// resolving the names of 10^7 edges creates no `String`s.
///
/// Open addressing with linear probing; FNV-1a hashes. Each slot keeps the upper 32 bits of
/// its name's hash beside the name's number, so a probe that meets another name is rejected
/// without touching the name bytes (one cache miss per lookup instead of three).
struct ByteNameIndex {
    private var arena: [UInt8] = []
    private var offsets: [Int] = [0]      // name k occupies arena[offsets[k] ..< offsets[k + 1]]
    private var values: [Int] = []
    private var slots: [UInt64]           // hash tag << 32 | (name number + 1); 0 = empty
    private var mask: Int

    init(capacity: Int) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [UInt64](repeating: 0, count: size)
        mask = size - 1
    }

    var count: Int { values.count }

    /// A copy with its own buffers. Threads that each probe their own copy never touch a
    /// shared reference count: sharing one copy between two cores made a parallel parse as
    /// slow as a sequential one (the buffers' retain/release bounced one cache line).
    func independentCopy() -> ByteNameIndex {
        var copy = self
        copy.arena = arena.map { $0 }
        copy.offsets = offsets.map { $0 }
        copy.values = values.map { $0 }
        copy.slots = slots.map { $0 }
        return copy
    }

    @inline(__always)
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h ^ (h >> 29)
    }

    /// The slot holding `bytes`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ bytes: UnsafeBufferPointer<UInt8>, hash: UInt64) -> Int {
        let tag = hash >> 32
        return slots.withUnsafeBufferPointer { slots in
            arena.withUnsafeBufferPointer { arena in
                offsets.withUnsafeBufferPointer { offsets in
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let entry = slots[slot]
                        if entry == 0 { return slot }
                        if entry >> 32 == tag {
                            let k = Int(entry & 0xFFFF_FFFF) - 1
                            let lower = offsets[k], length = offsets[k + 1] - lower
                            if length == bytes.count && (length == 0 || memcmp(arena.baseAddress! + lower, bytes.baseAddress!, length) == 0) {
                                return slot
                            }
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Adds `name` → `value`; returns false if the name was already present.
    mutating func insert(_ name: String, _ value: Int) -> Bool {
        if (values.count + 1) * 2 > slots.count { grow() }
        var utf8 = Array(name.utf8)
        return utf8.withUnsafeMutableBufferPointer { buffer in
            let bytes = UnsafeBufferPointer(buffer)
            let hash = ByteNameIndex.hash(bytes)
            let slot = find(bytes, hash: hash)
            if slots[slot] != 0 { return false }
            arena.append(contentsOf: bytes)
            offsets.append(arena.count)
            values.append(value)
            slots[slot] = (hash >> 32) << 32 | UInt64(values.count)
            return true
        }
    }

    /// The value stored for the name spelled by `bytes`.
    @inline(__always)
    func value(for bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        let entry = slots[find(bytes, hash: ByteNameIndex.hash(bytes))]
        return entry == 0 ? nil : values[Int(entry & 0xFFFF_FFFF) - 1]
    }

    /// The value stored for `name`.
    func value(for name: String) -> Int? {
        var utf8 = Array(name.utf8)
        return utf8.withUnsafeMutableBufferPointer { value(for: UnsafeBufferPointer($0)) }
    }

    /// Doubles the table, keeping the load factor at most one half.
    private mutating func grow() {
        var newSlots = [UInt64](repeating: 0, count: slots.count * 2)
        let newMask = newSlots.count - 1
        for entry in slots where entry != 0 {
            let k = Int(entry & 0xFFFF_FFFF) - 1
            let hash = arena.withUnsafeBufferPointer { ByteNameIndex.hash(UnsafeBufferPointer(rebasing: $0[offsets[k]..<offsets[k + 1]])) }
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while newSlots[slot] != 0 { slot = (slot + 1) & newMask }
            newSlots[slot] = entry
        }
        slots = newSlots
        mask = newMask
    }
}
