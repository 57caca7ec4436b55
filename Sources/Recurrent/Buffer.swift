import Foundation

/// A fixed-size block of Doubles with a stable address, for the forward caches and backward
/// workspaces of the hot loops (one allocation, no copy-on-write checks inside the loops).
///
/// A class because the caches of a `ForwardTrace` are written once by `forward` and then only
/// read; copying a trace shares them. Never hand a buffer that is still being written to
/// another owner.
///
/// Buffers of 4 MiB and more are aligned to 2 MiB and marked for transparent huge pages (as
/// numpy does for its large arrays): a T = 1000 trace is ~100 MiB, and first-touch page faults
/// in 4 KiB pages cost a quarter of a reference-workload pass; in 2 MiB pages, almost nothing.
/// When freed they go to `BufferCache` for the next pass.
final class Buffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int
    /// Bytes of the 2 MiB-aligned block behind a large buffer; 0 for a small one.
    private let blockBytes: Int

    static let hugePageBytes = 2 << 20

    init(count: Int, zeroed: Bool = true) {
        self.count = count
        let bytes = Swift.max(count, 1) * MemoryLayout<Double>.stride
        if bytes >= 2 * Buffer.hugePageBytes {
            let rounded = (bytes + Buffer.hugePageBytes - 1) / Buffer.hugePageBytes * Buffer.hugePageBytes
            blockBytes = rounded
            if let reused = BufferCache.take(bytes: rounded) {
                pointer = reused.bindMemory(to: Double.self, capacity: Swift.max(count, 1))
            } else {
                var raw: UnsafeMutableRawPointer?
                guard posix_memalign(&raw, Buffer.hugePageBytes, rounded) == 0, let raw else {
                    fatalError("Buffer: cannot allocate \(bytes) bytes")
                }
                #if os(Linux)
                _ = madvise(raw, rounded, MADV_HUGEPAGE)  // advice only; failure is harmless
                #endif
                pointer = raw.bindMemory(to: Double.self, capacity: Swift.max(count, 1))
            }
        } else {
            blockBytes = 0
            pointer = .allocate(capacity: Swift.max(count, 1))
        }
        // Unzeroed small buffers start as NaN, so a read before the first write shows; large
        // ones are left as they come (a full extra memory pass otherwise; the hot loops write
        // every element before reading it, and the gradient and parameter tests would catch a miss).
        if zeroed {
            pointer.initialize(repeating: 0, count: Swift.max(count, 1))
        } else if bytes < 2 * Buffer.hugePageBytes {
            pointer.initialize(repeating: .nan, count: Swift.max(count, 1))
        }
    }

    convenience init(_ values: [Double]) {
        self.init(count: values.count, zeroed: false)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
        if values.isEmpty { pointer[0] = 0 }
    }

    deinit {
        if blockBytes > 0 {
            BufferCache.give(UnsafeMutableRawPointer(pointer), bytes: blockBytes)
        } else {
            pointer.deallocate()
        }
    }

    /// Elements `start ..< start + count` as an array.
    func array(_ start: Int = 0, _ n: Int? = nil) -> [Double] {
        let n = n ?? (count - start)
        return Array(UnsafeBufferPointer(start: pointer + start, count: n))
    }
}
