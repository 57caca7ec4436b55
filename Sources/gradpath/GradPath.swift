import ArgumentParser
import Reporting

@main
struct GradPath: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradpath",
        abstract: "Show, measure and explain the gradient pathologies of recurrent networks.",
        discussion: """
        GradPath runs recurrent networks (RNN, LSTM, GRU; PyTorch-compatible) forward and \
        backward through time, exactly, and records how the gradient ‖∂L/∂h_t‖ shrinks or grows \
        with the distance from the loss.
        """,
        version: GradPathVersion.string,
        subcommands: [CheckCommand.self, RunCommand.self]
    )
}
