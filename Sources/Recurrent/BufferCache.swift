import Foundation

/// Large blocks freed by `Buffer`s, kept for the next pass instead of going back to the kernel.
///
/// Why: a reference-workload pass (T = 1000, LSTM, B = 16) allocates ~150 MiB of caches and
/// workspaces and frees them at the end; fresh pages from the kernel arrive zero-filled, and that
/// zeroing alone cost 10% of a pass. Repeated passes (training, sweeps, benchmarks) reuse
/// blocks of the same size from here without a page fault. The same idea as PyTorch's caching
/// allocator, much simpler: exact size match (in 2 MiB units), first in first out, at most
/// `capacityBytes` held; anything beyond is freed at once. Thread-safe.
///
/// Held blocks are memory the process keeps after a pass. `release()` returns them.
public enum BufferCache {
    /// At most this many bytes are held (1 GiB).
    public static let capacityBytes = 1 << 30

    private static let lock = NSLock()
    nonisolated(unsafe) private static var blocks: [(bytes: Int, pointer: UnsafeMutableRawPointer)] = []
    nonisolated(unsafe) private static var held = 0

    /// Bytes currently held for reuse.
    public static var heldBytes: Int {
        lock.lock(); defer { lock.unlock() }
        return held
    }

    /// Frees every held block.
    public static func release() {
        lock.lock()
        let all = blocks
        blocks = []
        held = 0
        lock.unlock()
        for b in all { free(b.pointer) }
    }

    /// A held block of exactly `bytes`, or nil.
    static func take(bytes: Int) -> UnsafeMutableRawPointer? {
        lock.lock(); defer { lock.unlock() }
        guard let i = blocks.firstIndex(where: { $0.bytes == bytes }) else { return nil }
        held -= bytes
        return blocks.remove(at: i).pointer
    }

    /// Keeps `pointer` (a block of `bytes`) for reuse, freeing the oldest blocks beyond the capacity.
    static func give(_ pointer: UnsafeMutableRawPointer, bytes: Int) {
        var evicted: [UnsafeMutableRawPointer] = []
        lock.lock()
        if bytes > capacityBytes {
            evicted.append(pointer)
        } else {
            blocks.append((bytes, pointer))
            held += bytes
            while held > capacityBytes {
                let b = blocks.removeFirst()
                held -= b.bytes
                evicted.append(b.pointer)
            }
        }
        lock.unlock()
        for p in evicted { free(p) }
    }
}
