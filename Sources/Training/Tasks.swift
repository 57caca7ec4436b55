import Foundation
import Recurrent

/// What a batch asks for: a target value per sequence (regression at the last step) or class
/// indices (classification at the last step, or at every step).
public enum Targets: Sendable, Equatable {
    /// One value per sequence, B of them (read out at the last step).
    case values([Double])
    /// One class per sequence at the last step, B of them.
    case lastClass([Int])
    /// One class per step and sequence, T·B of them (sequence-first).
    case everyClass([Int])
}

/// A batch of a task: inputs (T, B, I) and targets.
public struct TaskBatch: Sendable {
    public var input: SequenceBatch
    public var targets: Targets
}

/// How a task scores predictions: its loss, its own success metric and the chance / memoryless
/// baseline of each.
public struct TaskScore: Sendable, Equatable {
    /// MSE (regression) or mean cross-entropy in nats (classification).
    public var loss: Double
    /// The task's success metric, e.g. "accuracy" or "error rate".
    public var metricName: String
    public var metric: Double
    /// The loss and metric of the best predictor that ignores the informative inputs.
    public var baselineLoss: Double
    public var baselineMetric: Double
    /// Whether a higher metric is better (accuracy) or lower (error rate, MSE).
    public var higherIsBetter: Bool
}

/// A long-range training task: an exact generator with its chance or memoryless baseline.
public protocol TrainingTask: Sendable {
    var name: String { get }
    var inputSize: Int { get }
    /// Readout width: 1 for regression, the number of classes otherwise.
    var outputSize: Int { get }
    var isRegression: Bool { get }
    /// Whether the readout is at every step (copy memory) or the last step only.
    var readsEveryStep: Bool { get }
    /// Steps of one sequence.
    var steps: Int { get }
    /// The lag (steps back from the end) of the first informative input, for the per-lag records.
    var informativeLag: Int { get }
    func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch
    /// Scores predictions: regression outputs (B) or logits (B·C, or T·B·C for every step).
    func score(_ outputs: [Double], _ batch: TaskBatch) -> TaskScore
    /// A one-line description of the baseline, with its value and source.
    var baselineDescription: String { get }
    /// The held-out set: drawn as training batches are (the default), or from another range where
    /// the task measures generalisation (the counting language's longer strings).
    func heldOutBatch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch
}

extension TrainingTask {
    public func heldOutBatch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch { batch(size, using: &rng) }
}

// MARK: - Adding problem

/// The adding problem, in its three published forms. Each step has two inputs: a value and a
/// marker (1 at the two marked steps, 0 elsewhere). The target depends on the two marked values.
///
/// - `hochreiter1997` (Hochreiter & Schmidhuber 1997, experiment 4): values U[−1, 1], the first
///   marker among the first 10 steps, the second among the first T/2 − 1 (distinct); target
///   0.5 + (X₁ + X₂)/4; a sequence is correct if |error| < 0.04. Baseline (predict 0.5): correct
///   iff |X₁ + X₂| < 0.16; X₁ + X₂ is triangular on [−2, 2] with density (2 − |s|)/4, so
///   P = 0.16 − 0.16²/4 = 0.1536.
/// - `pascanu2013` (Pascanu, Mikolov & Bengio 2013, after Hochreiter & Schmidhuber): values
///   U[0, 1], markers as above, target the mean (X₁ + X₂)/2; wrong if squared error > 0.04.
///   Baseline (predict 0.5): wrong iff |X₁ + X₂ − 1| > 0.4, P = (1 − 0.4)² = 0.36.
/// - `le2015` (Le, Jaitly & Hinton 2015; Arjovsky, Shah & Bengio 2016): values U[0, 1], one
///   marker in each half, target the sum; MSE against the constant predictor 1 with MSE
///   Var(X₁ + X₂) = 2/12 = 1/6.
public struct AddingProblem: TrainingTask {
    public enum Variant: String, Sendable, CaseIterable { case hochreiter1997, pascanu2013, le2015 }
    public var variant: Variant
    public var steps: Int

    public init(_ variant: Variant, steps: Int) {
        precondition(steps >= (variant == .le2015 ? 2 : 12), "AddingProblem: T = \(steps) is too short for \(variant)")
        self.variant = variant
        self.steps = steps
    }

    public var name: String { "adding-\(variant.rawValue)" }
    public var inputSize: Int { 2 }
    public var outputSize: Int { 1 }
    public var isRegression: Bool { true }
    public var readsEveryStep: Bool { false }
    public var informativeLag: Int { variant == .le2015 ? steps - 1 : steps - 1 }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size
        var x = [Double](repeating: 0, count: T * B * 2)
        var y = [Double](repeating: 0, count: B)
        for b in 0..<B {
            var values = [Double](repeating: 0, count: T)
            for t in 0..<T { values[t] = variant == .hochreiter1997 ? rng.uniform(-1, 1) : rng.nextUnit() }
            let (i, j): (Int, Int)
            switch variant {
            case .le2015:
                i = Int(rng.next() % UInt64(T / 2))
                j = T / 2 + Int(rng.next() % UInt64(T - T / 2))
            case .hochreiter1997, .pascanu2013:
                i = Int(rng.next() % 10)
                var k = Int(rng.next() % UInt64(T / 2 - 1))
                while k == i { k = Int(rng.next() % UInt64(T / 2 - 1)) }
                j = k
            }
            for t in 0..<T {
                x[(t * B + b) * 2] = values[t]
                x[(t * B + b) * 2 + 1] = (t == i || t == j) ? 1 : 0
            }
            let s = values[i] + values[j]
            switch variant {
            case .hochreiter1997: y[b] = 0.5 + s / 4
            case .pascanu2013: y[b] = s / 2
            case .le2015: y[b] = s
            }
        }
        return TaskBatch(input: SequenceBatch(steps: T, batchSize: B, featureSize: 2, values: x), targets: .values(y))
    }

    public func score(_ outputs: [Double], _ batch: TaskBatch) -> TaskScore {
        guard case .values(let y) = batch.targets else {
            preconditionFailure("AddingProblem: regression targets expected")
        }
        let errors = zip(outputs, y).map { $0 - $1 }
        let mse = errors.reduce(0) { $0 + $1 * $1 } / Double(y.count)
        switch variant {
        case .hochreiter1997:
            let acc = Double(errors.filter { abs($0) < 0.04 }.count) / Double(y.count)
            return TaskScore(
                loss: mse, metricName: "accuracy", metric: acc, baselineLoss: 1.0 / 24, baselineMetric: 0.1536,
                higherIsBetter: true)
        case .pascanu2013:
            let err = Double(errors.filter { $0 * $0 > 0.04 }.count) / Double(y.count)
            return TaskScore(
                loss: mse, metricName: "error rate", metric: err, baselineLoss: 1.0 / 24, baselineMetric: 0.36,
                higherIsBetter: false)
        case .le2015:
            return TaskScore(
                loss: mse, metricName: "MSE", metric: mse, baselineLoss: 1.0 / 6, baselineMetric: 1.0 / 6,
                higherIsBetter: false)
        }
    }

    public var baselineDescription: String {
        switch variant {
        case .hochreiter1997:
            return "predicting 0.5: 15.36% correct (|error| < 0.04), MSE 1/24 (Hochreiter & Schmidhuber 1997)"
        case .pascanu2013:
            return "predicting 0.5: 36% wrong (squared error > 0.04), MSE 1/24 (Pascanu, Mikolov & Bengio 2013)"
        case .le2015: return "predicting 1: MSE 1/6 ≈ 0.1667 (Le, Jaitly & Hinton 2015; Arjovsky, Shah & Bengio 2016)"
        }
    }
}

/// One-hot helper: writes symbol `k` of `n` at (t, b).
@inline(__always)
func oneHot(_ x: inout [Double], t: Int, b: Int, B: Int, n: Int, k: Int) { x[(t * B + b) * n + k] = 1 }

/// Softmax cross-entropy scoring at the last step.
func scoreLastClass(_ logits: [Double], _ targets: [Int], classes C: Int, baselineLoss: Double, baselineMetric: Double)
    -> TaskScore
{
    var nll = 0.0, correct = 0
    for (b, target) in targets.enumerated() {
        let row = Array(logits[(b * C)..<((b + 1) * C)])
        let m = row.max()!
        let lse = m + log(row.reduce(0) { $0 + exp($1 - m) })
        nll += lse - row[target]
        if row.firstIndex(of: m) == target { correct += 1 }
    }
    return TaskScore(
        loss: nll / Double(targets.count), metricName: "accuracy", metric: Double(correct) / Double(targets.count),
        baselineLoss: baselineLoss, baselineMetric: baselineMetric, higherIsBetter: true)
}

/// A task classified at the last step into `classes` balanced classes: scored by softmax
/// cross-entropy and accuracy against chance (accuracy 1/K, cross-entropy ln K).
public protocol LastStepClassification: TrainingTask {
    var classes: Int { get }
}

extension LastStepClassification {
    public func score(_ outputs: [Double], _ batch: TaskBatch) -> TaskScore {
        guard case .lastClass(let y) = batch.targets else { preconditionFailure("\(name): class targets expected") }
        return scoreLastClass(
            outputs, y, classes: classes, baselineLoss: log(Double(classes)), baselineMetric: 1 / Double(classes))
    }

    public var baselineDescription: String {
        """
        chance: accuracy 1/\(classes), cross-entropy ln \(classes) =\
         \(String(format: "%.4f", log(Double(classes)))) nats
        """
    }
}

// MARK: - Temporal order

/// Temporal order (Hochreiter & Schmidhuber 1997, experiments 6a/6b; used by Pascanu et al. 2013):
/// eight one-hot symbols {a, b, c, d, B, E, X, Y}. A sequence starts with B, ends with E, and is
/// filled with random a–d, except for 2 (4 classes) or 3 (8 classes) relevant symbols, each X or Y,
/// at random positions in [0.1T, 0.2T] and [0.5T, 0.6T] (4 classes) or [0.1T, 0.2T], [0.33T, 0.43T],
/// [0.66T, 0.76T] (8 classes). The class is the order of the X/Y symbols. Chance: accuracy 1/4 or
/// 1/8, cross-entropy ln 4 or ln 8.
public struct TemporalOrder: LastStepClassification {
    public var classes: Int
    public var steps: Int

    public init(classes: Int, steps: Int) {
        precondition(classes == 4 || classes == 8, "TemporalOrder: 4 or 8 classes, got \(classes)")
        precondition(steps >= 20, "TemporalOrder: T must be ≥ 20, got \(steps)")
        self.classes = classes
        self.steps = steps
    }

    public var name: String { "temporal-order-\(classes)" }
    public var inputSize: Int { 8 }
    public var outputSize: Int { classes }
    public var isRegression: Bool { false }
    public var readsEveryStep: Bool { false }
    public var informativeLag: Int { steps - 1 - Int(0.1 * Double(steps)) }

    var windows: [(Double, Double)] {
        classes == 4 ? [(0.1, 0.2), (0.5, 0.6)] : [(0.1, 0.2), (0.33, 0.43), (0.66, 0.76)]
    }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size, n = 8
        var x = [Double](repeating: 0, count: T * B * n)
        var y = [Int](repeating: 0, count: B)
        for b in 0..<B {
            var symbols = (0..<T).map { _ in Int(rng.next() % 4) }  // a, b, c, d
            symbols[0] = 4  // B
            symbols[T - 1] = 5  // E
            var label = 0
            for (lo, hi) in windows {
                let a = Int((lo * Double(T)).rounded()), z = max(a, Int((hi * Double(T)).rounded()))
                let pos = a + Int(rng.next() % UInt64(z - a + 1))
                let isY = rng.next() % 2 == 1
                symbols[min(max(pos, 1), T - 2)] = isY ? 7 : 6  // X = 6, Y = 7
                label = 2 * label + (isY ? 1 : 0)
            }
            for t in 0..<T { oneHot(&x, t: t, b: b, B: B, n: n, k: symbols[t]) }
            y[b] = label
        }
        return TaskBatch(
            input: SequenceBatch(steps: T, batchSize: B, featureSize: n, values: x), targets: .lastClass(y))
    }

}

/// Temporal order as in Pascanu, Mikolov & Bengio 2013's code (`tempOrder.py`): six one-hot
/// channels, the relevant symbols A, B (channels 0, 1) and the distractors c–f (2–5), with no
/// start or end marker. One relevant symbol sits at p₀ ∈ [⌊0.1T⌋, 2⌊0.1T⌋), the other at
/// p₁ ∈ [⌊0.5T⌋, ⌊0.5T⌋ + ⌊0.1T⌋); every other step is a random distractor. The class is
/// v₀ + 2v₁ (AA, BA, AB, BB). Chance: accuracy 1/4.
public struct TemporalOrderPascanu: LastStepClassification {
    public var steps: Int
    public var classes: Int { 4 }

    public init(steps: Int) {
        precondition(steps >= 20, "TemporalOrderPascanu: T must be ≥ 20, got \(steps)")
        self.steps = steps
    }

    public var name: String { "temporal-order-pascanu2013" }
    public var inputSize: Int { 6 }
    public var outputSize: Int { 4 }
    public var isRegression: Bool { false }
    public var readsEveryStep: Bool { false }
    public var informativeLag: Int { steps - 1 - steps / 10 }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size, n = 6, tenth = T / 10
        var x = [Double](repeating: 0, count: T * B * n)
        var y = [Int](repeating: 0, count: B)
        for b in 0..<B {
            var symbols = (0..<T).map { _ in 2 + Int(rng.next() % 4) }
            let p0 = tenth + Int(rng.next() % UInt64(tenth)), v0 = Int(rng.next() % 2)
            let p1 = T / 2 + Int(rng.next() % UInt64(tenth)), v1 = Int(rng.next() % 2)
            symbols[p0] = v0
            symbols[p1] = v1
            for t in 0..<T { oneHot(&x, t: t, b: b, B: B, n: n, k: symbols[t]) }
            y[b] = v0 + 2 * v1
        }
        return TaskBatch(
            input: SequenceBatch(steps: T, batchSize: B, featureSize: n, values: x), targets: .lastClass(y))
    }
}

// MARK: - Copy memory

/// Copy memory (Arjovsky, Shah & Bengio 2016): 10 symbols {0, …, 9}. The input is 10 symbols drawn
/// from 1–8, then T − 1 blanks (0), a delimiter (9) and 10 blanks; total length T + 20. The target
/// is blank for the first T + 10 steps, then the 10 symbols. Cross-entropy over every step; the
/// memoryless baseline predicts blank for T + 10 steps and uniform over 1–8 for the last 10:
/// 10·ln 8 / (T + 20). Accuracy is measured on the last 10 steps (chance 1/8).
public struct CopyMemory: TrainingTask {
    public var delay: Int
    public init(delay: Int) {
        precondition(delay >= 1, "CopyMemory: delay must be ≥ 1")
        self.delay = delay
    }

    public var name: String { "copy-memory" }
    public var inputSize: Int { 10 }
    public var outputSize: Int { 10 }
    public var isRegression: Bool { false }
    public var readsEveryStep: Bool { true }
    public var steps: Int { delay + 20 }
    public var informativeLag: Int { steps - 1 }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size, n = 10
        var x = [Double](repeating: 0, count: T * B * n)
        var y = [Int](repeating: 0, count: T * B)
        for b in 0..<B {
            let memory = (0..<10).map { _ in 1 + Int(rng.next() % 8) }
            for t in 0..<T {
                let s = t < 10 ? memory[t] : (t == delay + 9 ? 9 : 0)
                oneHot(&x, t: t, b: b, B: B, n: n, k: s)
                y[t * B + b] = t >= delay + 10 ? memory[t - delay - 10] : 0
            }
        }
        return TaskBatch(
            input: SequenceBatch(steps: T, batchSize: B, featureSize: n, values: x), targets: .everyClass(y))
    }

    public func score(_ outputs: [Double], _ batch: TaskBatch) -> TaskScore {
        guard case .everyClass(let y) = batch.targets else {
            preconditionFailure("CopyMemory: per-step class targets expected")
        }
        let C = 10, B = y.count / steps
        var nll = 0.0, correct = 0, counted = 0
        for (i, target) in y.enumerated() {
            let row = Array(outputs[(i * C)..<((i + 1) * C)])
            let m = row.max()!
            nll += m + log(row.reduce(0) { $0 + exp($1 - m) }) - row[target]
            if i / B >= delay + 10 {
                counted += 1
                if row.firstIndex(of: m) == target { correct += 1 }
            }
        }
        return TaskScore(
            loss: nll / Double(y.count), metricName: "accuracy (last 10)",
            metric: Double(correct) / Double(max(counted, 1)),
            baselineLoss: 10 * log(8) / Double(steps), baselineMetric: 1.0 / 8, higherIsBetter: true)
    }

    public var baselineDescription: String {
        """
        memoryless: cross-entropy 10·ln 8/(T + 20) = \(String(format: "%.4f", 10 * log(8) / Double(steps))) nats,\
         accuracy 1/8 on the copied symbols (Arjovsky, Shah & Bengio 2016)
        """
    }
}

// MARK: - Delayed recall

/// Delayed recall ("I grew up in France … I speak fluent French"): step 1 shows one of K class
/// symbols, then `gap` steps of distractors (random symbols from a separate set of 4), then a recall
/// cue; the target at the last step is the class. Inputs are one-hot over K + 4 + 1 symbols.
/// Chance: accuracy 1/K, cross-entropy ln K.
public struct DelayedRecall: LastStepClassification {
    public var classes: Int
    public var gap: Int

    public init(classes: Int = 4, gap: Int) {
        precondition(classes >= 2 && gap >= 0, "DelayedRecall: need ≥ 2 classes and gap ≥ 0")
        self.classes = classes
        self.gap = gap
    }

    public var name: String { "delayed-recall" }
    public var inputSize: Int { classes + 5 }
    public var outputSize: Int { classes }
    public var isRegression: Bool { false }
    public var readsEveryStep: Bool { false }
    public var steps: Int { gap + 2 }
    public var informativeLag: Int { steps - 1 }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size, n = inputSize
        var x = [Double](repeating: 0, count: T * B * n)
        var y = [Int](repeating: 0, count: B)
        for b in 0..<B {
            let c = Int(rng.next() % UInt64(classes))
            oneHot(&x, t: 0, b: b, B: B, n: n, k: c)
            for t in 1..<(T - 1) { oneHot(&x, t: t, b: b, B: B, n: n, k: classes + Int(rng.next() % 4)) }
            oneHot(&x, t: T - 1, b: b, B: B, n: n, k: classes + 4)  // recall cue
            y[b] = c
        }
        return TaskBatch(
            input: SequenceBatch(steps: T, batchSize: B, featureSize: n, values: x), targets: .lastClass(y))
    }

}

// MARK: - Near and far dependencies

/// One near and one far dependency in every sequence ("the clouds are in the *sky*": the answer a
/// few words back; "I grew up in France … I speak fluent *French*": far back). Step 1 shows one of
/// two far symbols; `nearDistance` steps before the end, one of two near symbols; the other steps
/// are distractors (4 symbols); the last step is a query cue. The target is the pair, class
/// 2·far + near (4 classes). Chance: accuracy 1/4; a network that gets the near symbol and
/// guesses the far one: 1/2; both: 1. Inputs are one-hot over 2 + 2 + 4 + 1 symbols.
public struct NearFarDependency: LastStepClassification {
    /// Steps between the far symbol and the query (the far dependency's distance is gap + 1).
    public var gap: Int
    /// The near symbol sits this many steps before the query.
    public static let nearDistance = 3

    public init(gap: Int) {
        precondition(gap >= Self.nearDistance, "NearFarDependency: gap must be ≥ \(Self.nearDistance)")
        self.gap = gap
    }

    public var classes: Int { 4 }
    public var name: String { "near-far" }
    public var inputSize: Int { 9 }
    public var outputSize: Int { 4 }
    public var isRegression: Bool { false }
    public var readsEveryStep: Bool { false }
    public var steps: Int { gap + 2 }
    public var informativeLag: Int { steps - 1 }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size, n = inputSize
        var x = [Double](repeating: 0, count: T * B * n)
        var y = [Int](repeating: 0, count: B)
        for b in 0..<B {
            let far = Int(rng.next() % 2), near = Int(rng.next() % 2)
            oneHot(&x, t: 0, b: b, B: B, n: n, k: far)
            for t in 1..<(T - 1) {
                let k = t == T - 1 - Self.nearDistance ? 2 + near : 4 + Int(rng.next() % 4)
                oneHot(&x, t: t, b: b, B: B, n: n, k: k)
            }
            oneHot(&x, t: T - 1, b: b, B: B, n: n, k: 8)  // query cue
            y[b] = 2 * far + near
        }
        return TaskBatch(
            input: SequenceBatch(steps: T, batchSize: B, featureSize: n, values: x), targets: .lastClass(y))
    }

    public var baselineDescription: String {
        "chance: accuracy 1/4, cross-entropy ln 4 = 1.3863 nats; the near symbol alone (the far one guessed): accuracy 1/2, cross-entropy ln 2 = 0.6931 nats"
    }
}

// MARK: - Counting language aⁿbⁿ

/// Recognising aⁿbⁿ (Weiss, Goldberg & Yahav 2018): a string aⁿbᵐ, left-padded with blanks to a
/// fixed length and followed by a query, is to be accepted when m = n. Half the strings are
/// aⁿbⁿ; the other half aⁿbᵐ with m = n ± δ, δ ∈ {1, 2, 3} (m ≥ 1), so that only counting
/// separates them. Training strings have n ∈ [1, N]; the held-out strings n ∈ [N + 1, 2N], longer
/// than any seen in training: the held-out accuracy measures whether the count generalises.
/// Inputs one-hot over (blank, a, b, query); T = 4N + 8. Chance: accuracy 1/2.
public struct CountingLanguage: LastStepClassification {
    /// N, the largest n of the training strings.
    public var maxTrainingCount: Int

    public init(maxTrainingCount: Int) {
        precondition(maxTrainingCount >= 1, "CountingLanguage: N must be ≥ 1")
        self.maxTrainingCount = maxTrainingCount
    }

    public var classes: Int { 2 }
    public var name: String { "counting-anbn" }
    public var inputSize: Int { 4 }
    public var outputSize: Int { 2 }
    public var isRegression: Bool { false }
    public var readsEveryStep: Bool { false }
    public var steps: Int { 4 * maxTrainingCount + 8 }
    public var informativeLag: Int { steps - 1 }

    func strings(_ size: Int, counts: ClosedRange<Int>, using rng: inout SplitMix64) -> TaskBatch {
        let T = steps, B = size, n = inputSize
        var x = [Double](repeating: 0, count: T * B * n)
        var y = [Int](repeating: 0, count: B)
        for b in 0..<B {
            let a = counts.lowerBound + Int(rng.next() % UInt64(counts.count))
            let accept = rng.next() % 2 == 0
            var m = a
            if !accept {
                let delta = 1 + Int(rng.next() % 3)
                m = rng.next() % 2 == 0 || a - delta < 1 ? a + delta : a - delta
            }
            let pad = T - 1 - a - m
            for t in 0..<(T - 1) {
                let k = t < pad ? 0 : t < pad + a ? 1 : 2
                oneHot(&x, t: t, b: b, B: B, n: n, k: k)
            }
            oneHot(&x, t: T - 1, b: b, B: B, n: n, k: 3)
            y[b] = accept ? 1 : 0
        }
        return TaskBatch(
            input: SequenceBatch(steps: T, batchSize: B, featureSize: n, values: x), targets: .lastClass(y))
    }

    public func batch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        strings(size, counts: 1...maxTrainingCount, using: &rng)
    }

    public func heldOutBatch(_ size: Int, using rng: inout SplitMix64) -> TaskBatch {
        strings(size, counts: (maxTrainingCount + 1)...(2 * maxTrainingCount), using: &rng)
    }

    public var baselineDescription: String {
        """
        chance: accuracy 1/2, cross-entropy ln 2 = 0.6931 nats; held-out strings have n in\
         [\(maxTrainingCount + 1), \(2 * maxTrainingCount)], longer than every training string
        """
    }
}
