import Dispatch
import Foundation
import LinearAlgebra

extension RecurrentNetwork {
    /// `gradients(_:initialStates:loss:options:)` with the batch split across `workers` threads:
    /// each thread runs the ordinary forward and backward pass on its share of the sequences, and
    /// the results are merged exactly — the loss and the parameter gradients add, per-sequence
    /// quantities (∂L/∂h_0, ∂L/∂x, per-sequence norms) are concatenated, and per-step Frobenius
    /// norms combine in log domain as ½·log10(Σ_w 10^(2·ℓ_w)). Equal to the unsplit pass up to
    /// rounding (summation order).
    ///
    /// Callers should set `BLAS.setThreads(1)` first: two BLAS threads per worker on two cores
    /// oversubscribe. Falls back to one pass when B < 2·workers would leave a worker empty or when
    /// `options` asks for temporal contributions or state gradients (those do not merge from parts).
    public func gradients(
        _ input: SequenceBatch, initialStates: [RecurrentState]? = nil, loss: ProbeLoss,
        options: BackwardOptions = BackwardOptions(), workers: Int
    ) -> (loss: Double, backprop: Backpropagation) {
        gradients(input, initialStates: initialStates, options: options, workers: workers) { part, states in
            let r = self.gradients(part, initialStates: states, loss: loss, options: options)
            return (r.loss, r.backprop)
        }
    }

    /// Runs `pass` on contiguous shares of the batch, one thread each, and merges the results
    /// (or runs it once on the whole batch when a split does not apply; see above).
    func gradients(
        _ input: SequenceBatch, initialStates: [RecurrentState]?, options: BackwardOptions, workers: Int,
        pass: @escaping @Sendable (SequenceBatch, [RecurrentState]?) -> (Double, Backpropagation)
    )
        -> (loss: Double, backprop: Backpropagation)
    {
        let shares = BatchSplit.shares(batch: input.batchSize, workers: workers)
        guard shares.count > 1, !options.temporalContributions, !options.stateGradients else {
            let r = pass(input, initialStates)
            return (r.0, r.1)
        }
        let results = BatchSplit.map(shares) { share in
            pass(input.sequences(share), initialStates?.map { $0.sequences(share) })
        }
        return (results.map(\.0).reduce(0, +), Backpropagation.merging(results.map(\.1), steps: input.steps))
    }
}

extension SequenceBatch {
    /// The sequences `range` of the batch (every step).
    public func sequences(_ range: Range<Int>) -> SequenceBatch {
        var v: [Double] = []
        v.reserveCapacity(steps * range.count * featureSize)
        for t in 0..<steps {
            v +=
                values[
                    ((t * batchSize + range.lowerBound) * featureSize)..<((t * batchSize + range.upperBound)
                        * featureSize)]
        }
        return SequenceBatch(steps: steps, batchSize: range.count, featureSize: featureSize, values: v)
    }

    /// Concatenates batches of the same length and feature size, sequence by sequence.
    static func concatenating(_ parts: [SequenceBatch]) -> SequenceBatch {
        let T = parts[0].steps, I = parts[0].featureSize
        var v: [Double] = []
        for t in 0..<T { for p in parts { v += p.values[(t * p.batchSize * I)..<((t + 1) * p.batchSize * I)] } }
        return SequenceBatch(steps: T, batchSize: parts.reduce(0) { $0 + $1.batchSize }, featureSize: I, values: v)
    }
}

extension RecurrentState {
    /// Rows `range` (sequences) of the state.
    public func sequences(_ range: Range<Int>) -> RecurrentState {
        RecurrentState(hidden: hidden.rows(range), cell: cell.rows(range))
    }
}

extension Backpropagation {
    /// ½·log10(Σ 10^(2ℓ)): the log10 Frobenius norm of stacked parts, from the parts' log10 norms.
    static func combineLog10(_ parts: [Double]) -> Double {
        if parts.contains(where: { $0.isNaN }) { return .nan }
        guard let m = parts.max(), m.isFinite else { return parts.max() ?? -.infinity }
        return m + 0.5 * log10(parts.reduce(0) { $0 + ($1 == -.infinity ? 0 : pow(10, 2 * ($1 - m))) })
    }

    /// Merges the results of disjoint shares of a batch (in batch order).
    public static func merging(_ parts: [Backpropagation], steps T: Int) -> Backpropagation {
        var out = parts[0]
        for p in parts.dropFirst() {
            for l in out.parameterGradients.indices {
                for t in out.parameterGradients[l].tensors {
                    let other = p.parameterGradients[l].tensors.first { $0.name == t.name }!.values
                    out.parameterGradients[l].setTensor(t.name, zip(t.values, other).map { $0 + $1 })
                }
            }
        }
        func stack(_ ms: [Matrix]) -> Matrix {
            Matrix(rows: ms.reduce(0) { $0 + $1.rows }, columns: ms[0].columns, storage: ms.flatMap(\.storage))
        }
        out.initialStateGradients = out.initialStateGradients.indices.map { l in
            RecurrentState(
                hidden: stack(parts.map { $0.initialStateGradients[l].hidden }),
                cell: stack(parts.map { $0.initialStateGradients[l].cell }))
        }
        if parts.allSatisfy({ $0.inputGradient != nil }) {
            out.inputGradient = SequenceBatch.concatenating(parts.map { $0.inputGradient! })
        }
        out.gradHiddenLog10 = out.gradHiddenLog10.indices.map { l in
            (0...T).map { t in combineLog10(parts.map { $0.gradHiddenLog10[l][t] }) }
        }
        out.gradCellLog10 = out.gradCellLog10.indices.map { l in
            out.gradCellLog10[l].isEmpty ? [] : (0...T).map { t in combineLog10(parts.map { $0.gradCellLog10[l][t] }) }
        }
        if !out.gradHiddenLog10PerSequence.isEmpty {
            out.gradHiddenLog10PerSequence = out.gradHiddenLog10PerSequence.indices.map { l in
                (0...T).map { t in parts.flatMap { $0.gradHiddenLog10PerSequence[l][t] } }
            }
        }
        if !out.gradCellLog10PerSequence.isEmpty {
            out.gradCellLog10PerSequence = out.gradCellLog10PerSequence.indices.map { l in
                (0...T).map { t in parts.flatMap { $0.gradCellLog10PerSequence[l][t] } }
            }
        }
        return out
    }
}
