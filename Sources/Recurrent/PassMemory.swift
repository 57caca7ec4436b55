extension RecurrentNetwork {
    /// Bytes of one forward pass with exact BPTT: the stored forward caches (`LayerTrace`: per layer
    /// T·B·(I + (G+1)·H) Doubles, plus 2·T·B·H for the LSTM's c and tanh c, T·B·H for the GRU),
    /// twice over for the backward workspace and gradients (the bench measures at most 1.64×), plus
    /// the input and its gradient.
    public static func estimatedPassBytes(
        cell: CellKind, inputSize I: Int, hiddenSize H: Int, layers L: Int, steps T: Int, batch B: Int
    ) -> Double {
        let t = Double(T), b = Double(B), h = Double(H)
        let g = Double(cell.gateCount == 1 ? 0 : cell.gateCount)
        var doubles = 0.0
        for l in 0..<max(L, 1) {
            let i = Double(l == 0 ? I : H)
            doubles += t * b * (i + (g + 1) * h) + b * h
            if cell.hasCellState { doubles += 2 * t * b * h + b * h }
            if case .gru = cell { doubles += t * b * h }
        }
        return 8 * (2 * doubles + 2 * t * b * Double(I))
    }
}
