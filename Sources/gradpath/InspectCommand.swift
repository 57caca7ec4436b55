import ArgumentParser
import Foundation
import Reporting

struct InspectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "inspect",
        abstract: "Summarise a CSV report: statistics, a terminal plot, the verdicts.",
        discussion: """
            Prints the rows and columns of FILE, summary statistics (count, min, max, mean, median; \
            non-finite values counted apart) of one column, a terminal plot of that column against \
            `lag` (or `t`, or the row number), and the verdict lines of the diagnosis (from the file \
            itself or from diagnosis.csv beside it). --where keeps rows whose column equals the \
            value (repeatable); the plot shows the first configuration and layer of what remains.

            Example: gradpath inspect reports/vanishing-sweep/gradient_norms.csv --where cell=rnn-tanh --where sigma_max=0.9
            """
    )

    @Argument(help: "A CSV file written by gradpath.", completion: .file(extensions: ["csv"]))
    var file: String

    @Option(help: "The column to summarise and plot (default: the first *_log10 column, else the last numeric one).")
    var column: String?

    @Option(name: .customLong("where"), help: "Keep rows where COLUMN=VALUE (repeatable).")
    var filters: [String] = []

    @Option(help: "The x column of the plot (default: lag, else t, else the row number).")
    var x: String?

    func validate() throws {
        for f in filters where !f.contains("=") || f.hasPrefix("=") {
            throw ValidationError("--where: expected COLUMN=VALUE, got '\(f)'.")
        }
    }

    func run() throws {
        let data = try CSVData.read(URL(fileURLWithPath: file))
        let diagnosis = try? CSVData.read(
            URL(fileURLWithPath: file).deletingLastPathComponent().appendingPathComponent("diagnosis.csv"))
        print(
            try CSVInspection.text(data, file: file, filters: filters, column: column, x: x, diagnosis: diagnosis),
            terminator: "")
    }
}
