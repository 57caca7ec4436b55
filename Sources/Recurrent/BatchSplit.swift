import Dispatch
import Foundation

/// The split of a batch across worker threads, written once: contiguous shares of the sequences
/// (sizes differ by at most one), each run on its own thread, the results returned in share
/// order so that whatever merges them does so in a fixed order.
public enum BatchSplit {
    /// The shares of `batch` sequences for `workers` threads (fewer when the batch is smaller).
    public static func shares(batch B: Int, workers: Int) -> [Range<Int>] {
        let n = min(max(workers, 1), max(B, 1))
        let bounds = (0...n).map { $0 * B / n }
        return (0..<n).map { bounds[$0]..<bounds[$0 + 1] }
    }

    /// `work` on each share, one thread each; results in share order.
    public static func map<R>(_ shares: [Range<Int>], _ work: @Sendable (Range<Int>) -> R) -> [R] {
        let slots = Slots<R>(shares.count)
        DispatchQueue.concurrentPerform(iterations: shares.count) { w in
            let r = work(shares[w])
            slots.lock.lock()
            slots.value[w] = r
            slots.lock.unlock()
        }
        return slots.value.map { $0! }
    }
}

/// Results of the workers, guarded by a lock.
private final class Slots<R>: @unchecked Sendable {
    var value: [R?]
    let lock = NSLock()
    init(_ n: Int) { value = Array(repeating: nil, count: n) }
}
