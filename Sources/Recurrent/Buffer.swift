/// A fixed-size block of Doubles with a stable address, for the forward caches and backward
/// workspaces of the hot loops (one allocation, no copy-on-write checks inside the loops).
///
/// A class because the caches of a `ForwardTrace` are written once by `forward` and then only
/// read; copying a trace shares them. Never hand a buffer that is still being written to
/// another owner.
final class Buffer: @unchecked Sendable {
    let pointer: UnsafeMutablePointer<Double>
    let count: Int

    init(count: Int, zeroed: Bool = true) {
        self.count = count
        pointer = .allocate(capacity: Swift.max(count, 1))
        if zeroed { pointer.initialize(repeating: 0, count: Swift.max(count, 1)) }
        else { pointer.initialize(repeating: .nan, count: Swift.max(count, 1)) }
    }

    convenience init(_ values: [Double]) {
        self.init(count: values.count, zeroed: false)
        values.withUnsafeBufferPointer { pointer.update(from: $0.baseAddress!, count: values.count) }
        if values.isEmpty { pointer[0] = 0 }
    }

    deinit { pointer.deallocate() }

    /// Elements `start ..< start + count` as an array.
    func array(_ start: Int = 0, _ n: Int? = nil) -> [Double] {
        let n = n ?? (count - start)
        return Array(UnsafeBufferPointer(start: pointer + start, count: n))
    }
}
