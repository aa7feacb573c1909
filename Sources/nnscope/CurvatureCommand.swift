import ArgumentParser
import Foundation
import JSON
import Landscape
import Render
import Sessions

struct CurvatureCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "curvature",
        abstract: "The Hessian's largest and smallest eigenvalues at a recorded checkpoint, and what they say.",
        discussion: """
            The Hessian is that of the mean training loss over the whole training split (no weight-decay term), \
            at the checkpoint chosen by --epoch (the last one at or before it; default: the last checkpoint). \
            Eigenvalues come from Lanczos iteration with full re-orthogonalisation on exact Hessian-vector \
            products (forward-mode over reverse-mode automatic differentiation). Verdict: minimum when \
            λmin > −tol, saddle when λmin < −tol < λmax, maximum otherwise, with tol = 1e-4 × max |λ|. \
            Progress goes to standard error.
            """
    )

    @Argument(help: "The session file (.jsonl).", completion: ShellCompletions.sessionFile)
    var session: String

    @Option(help: "Use the last checkpoint at or before this epoch (default: the last checkpoint).")
    var epoch: Int?

    @Option(help: "How many eigenvalues at each end (1 to 20).")
    var top = 3

    @Flag(help: "Print one JSON object: epoch, largest, smallest, verdict, iterations, parameters.")
    var json = false

    func validate() throws {
        guard Curvature.topRange.contains(top) else {
            throw ValidationError("--top must be from \(Curvature.topRange.lowerBound) to \(Curvature.topRange.upperBound), got \(top)")
        }
    }

    func run() throws {
        let checkpoints = try SessionCheckpoints.loadForCommand(path: session, epoch: epoch)
        let problem = try checkpoints.problem()
        let progress = ProgressLine(label: "curvature")
        guard let c = problem.curvature(top: top, progress: { done, limit in progress.update(done, limit); return true }) else { return }
        progress.finish()
        let epoch = checkpoints.chosen.position.epoch
        if json {
            let object = JSONValue.object([
                ("epoch", .int(epoch)),
                ("largest", .array(c.largest.map { .number($0) })),
                ("smallest", .array(c.smallest.map { .number($0) })),
                ("verdict", .string(c.verdict.rawValue)),
                ("iterations", .int(c.iterations)),
                ("parameters", .int(c.parameters)),
            ])
            print(object.serialized)
            return
        }
        print(CurvatureCommand.text(c, epoch: epoch, examples: problem.examples))
        if let note = problem.batchNormNote { print(note) }
    }

    static func text(_ c: Curvature, epoch: Int, examples: Int) -> String {
        func list(_ xs: [Double]) -> String { xs.map { NumberFormat.readable($0) }.joined(separator: ", ") }
        return """
            curvature at epoch \(epoch): \(c.parameters) parameters, mean training loss over \(examples) examples (no weight decay)
            largest eigenvalues:  \(list(c.largest))
            smallest eigenvalues: \(list(c.smallest))
            verdict: \(c.verdict.rawValue) (tolerance \(NumberFormat.readable(c.tolerance)); \(c.iterations) Lanczos iterations)
            """
    }
}

/// A progress line on standard error, redrawn in place on a terminal, silent otherwise.
final class ProgressLine {
    let label: String
    let live = isatty(2) != 0
    init(label: String) { self.label = label }
    func update(_ done: Int, _ total: Int) {
        guard live else { return }
        FileHandle.standardError.write(Data("\r\(label): \(done)/\(total)".utf8))
    }
    func finish() {
        guard live else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}
