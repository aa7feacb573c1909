import ArgumentParser
import Foundation
import Landscape
import NeuralNetwork
import Render
import Sessions

struct LandscapeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "landscape",
        abstract: "The loss over a plane through a recorded checkpoint's weights, and the path training took.",
        discussion: """
            The loss is the mean training loss over the whole training split at w + α·d1 + β·d2 (no weight-decay \
            term), α and β from −span to span in units of the directions; (0, 0) is the checkpoint. Directions: \
            random (Gaussian, filter-normalised as in Li et al. 2018: each unit's incoming weights rescaled to \
            that unit's norm, biases zero) or pca (the top two principal directions of the checkpoints up to \
            this one, unit length, with the variance they explain). --csv prints alpha,beta,loss rows. \
            With --toy, the two-weight lesson model instead (see the README): its whole loss surface and the \
            paths of SGD, momentum and Adam from one start.
            """
    )

    @Argument(help: "The session file (.jsonl); not with --toy.", completion: ShellCompletions.sessionFile)
    var session: String?

    @Option(help: "Use the last checkpoint at or before this epoch (default: the last checkpoint).")
    var epoch: Int?

    @Option(help: "random or pca.")
    var directions: String = "random"

    @Option(help: "Points per side, 3 to 201 (default 41; scaled down for large networks).")
    var grid: Int?

    @Option(help: "α and β run from −span to span (default: 1 for random, the trajectory's extent × 1.25 for pca; 3 for --toy).")
    var span: Double?

    @Option(help: "Seed of the random directions.")
    var seed: UInt64 = 1

    @Flag(help: "Print CSV rows alpha,beta,loss (with --toy: series,step,w1,w2,loss).")
    var csv = false

    @Flag(help: "The toy landscape: a 1-1-1 tanh network with two weights, on four points.")
    var toy = false

    func validate() throws {
        if let grid { do { try LossGrid.validate(points: grid, span: 1) } catch { throw ValidationError("\(error)") } }
        if let span { do { try LossGrid.validate(points: LossGrid.defaultPoints, span: span) } catch { throw ValidationError("\(error)") } }
        if toy {
            guard session == nil else { throw ValidationError("--toy takes no session file") }
            guard epoch == nil, directions == "random" else { throw ValidationError("--epoch and --directions do not apply to --toy") }
            return
        }
        guard session != nil else { throw ValidationError("name a session file, or use --toy") }
        guard PlaneDirections.Kind(rawValue: directions) != nil else {
            throw ValidationError("--directions must be random or pca, got '\(directions)'")
        }
    }

    func run() throws {
        if toy { return try runToy() }
        let checkpoints = try SessionCheckpoints.loadForCommand(path: session!, epoch: epoch)
        let problem = try checkpoints.problem()
        let centre = problem.centre
        let plane: PlaneDirections
        switch PlaneDirections.Kind(rawValue: directions)! {
        case .random: plane = PlaneDirections.random(for: checkpoints.chosen.network, seed: seed)
        case .pca:
            do {
                plane = try PlaneDirections.pca(trajectory: checkpoints.trajectory.map { ParameterVector.flatten($0.network) }, centre: centre)
            } catch { throw CLIError("\(error)") }
        }
        let path = checkpoints.trajectory.map { plane.project(ParameterVector.flatten($0.network), centre: centre) }
        let extent = path.map { max(abs($0.alpha), abs($0.beta)) }.max() ?? 0
        let span = self.span ?? (plane.kind == .pca && extent > 0 ? 1.25 * extent : 1)
        var points = grid ?? LossGrid.defaultPoints
        if grid == nil {
            points = LossGrid.scaledPoints(requested: points, examples: problem.examples, parameters: problem.parameterCount)
            if points < LossGrid.defaultPoints {
                warn("a \(problem.parameterCount)-parameter network on \(problem.examples) examples: grid scaled down to \(points)x\(points) (ask for more with --grid)")
            }
        }
        let progress = ProgressLine(label: "landscape")
        let started = Date()
        guard let result = try LossGrid.compute(problem, centre: centre, directions: plane, points: points, span: span,
                                               progress: { progress.update($0, $1); return true }) else { return }
        let seconds = Date().timeIntervalSince(started)
        progress.finish()
        if csv {
            FileHandle.standardOutput.write(Data(result.csv.utf8))
            return
        }
        var lines: [String] = []
        let epochNumber = checkpoints.chosen.position.epoch
        lines.append("landscape at epoch \(epochNumber): \(problem.parameterCount) parameters, mean training loss over \(problem.examples) examples (no weight decay)")
        if let note = problem.batchNormNote { lines.append(note) }
        var directionLine = "directions: \(plane.kind.rawValue)"
        if let ev = plane.explainedVariance {
            directionLine += " (explained variance \(percent(ev[0])) and \(percent(ev[1])), from \(checkpoints.trajectory.count) checkpoints)"
        } else {
            directionLine += " (filter-normalised, seed \(seed))"
        }
        lines.append(directionLine)
        lines.append("grid \(points)x\(points), α and β from -\(NumberFormat.readable(span)) to \(NumberFormat.readable(span)); computed in \(NumberFormat.readable(seconds, significantDigits: 3)) s")
        let middle = points / 2
        lines.append("loss here \(NumberFormat.readable(result.loss[middle][middle])); lowest on the grid \(NumberFormat.readable(result.loss.joined().min()!)), highest \(NumberFormat.readable(result.loss.joined().max()!))")
        let map = LandscapeMap(loss: result.loss, span: span, path: path.map { PlanePoint(alpha: $0.alpha, beta: $0.beta) })
        var buffer = Buffer(width: max(64, 2 * min(points, 40)), height: min(points, 40) / 2 + 3)
        map.render(in: buffer.area, buffer: &buffer, theme: Theme(palette: Palette(level: .monochrome), glyphs: .detect(environment: ProcessInfo.processInfo.environment)))
        lines.append("")
        lines.append(contentsOf: buffer.lines())
        lines.append("")
        lines.append("trajectory (checkpoints projected onto the plane):")
        lines.append("epoch  alpha  beta")
        for (c, p) in zip(checkpoints.trajectory, path) {
            lines.append("\(c.position.epoch)  \(NumberFormat.readable(p.alpha))  \(NumberFormat.readable(p.beta))")
        }
        print(lines.joined(separator: "\n"))
    }

    func warn(_ message: String) {
        FileHandle.standardError.write(Data("nnscope: note: \(message)\n".utf8))
    }

    func percent(_ x: Double) -> String { NumberFormat.readable(100 * x, significantDigits: 3) + "%" }
}

extension LandscapeCommand {
    func runToy() throws {
        let span = self.span ?? ToyLandscape.defaultSpan
        let points = grid ?? LossGrid.defaultPoints
        let surface: LossGrid
        do { surface = try ToyLandscape.surface(points: points, span: span) } catch { throw CLIError("\(error)") }
        let paths = OptimizerKind.allCases.map { ToyLandscape.path($0) }
        if csv {
            FileHandle.standardOutput.write(Data(ToyLandscape.csv(surface: surface, paths: paths).utf8))
            return
        }
        var lines = [
            "toy landscape: y = w2·tanh(w1·x), biases 0, mean squared error on x = -2, -1, 1, 2 (targets from w1 = 0.8, w2 = 1.5)",
            "the whole model has two weights, so this plane (w1 → right, w2 ↑ up, from -\(NumberFormat.readable(span)) to \(NumberFormat.readable(span))) is its entire loss surface",
            "",
            "critical point   w1      w2      loss      Hessian eigenvalues   verdict",
        ]
        let problem = ToyLandscape.problem()
        var evaluator = problem.evaluator()
        func column(_ text: String, _ width: Int) -> String { text.padding(toLength: max(width, text.count + 1), withPad: " ", startingAt: 0) }
        for c in ToyLandscape.criticalPoints {
            let loss = evaluator.loss(at: [c.w1, 0, c.w2, 0])
            let eigen = NumberFormat.readable(c.curvature.smallest[0]) + ", " + NumberFormat.readable(c.curvature.largest[0])
            lines.append(column(c.name, 17) + column(NumberFormat.readable(c.w1), 8) + column(NumberFormat.readable(c.w2), 8)
                         + column(NumberFormat.readable(loss), 10) + column(eigen, 22) + c.curvature.verdict.rawValue)
        }
        lines.append("")
        lines.append("paths from w1 = \(ToyLandscape.start.w1), w2 = \(ToyLandscape.start.w2), \(ToyLandscape.steps) full-batch steps each:")
        for p in paths {
            let end = p.points.last!
            lines.append("  \(p.optimizer.rawValue) (lr \(NumberFormat.readable(p.learningRate))): ends at w1 = \(NumberFormat.readable(end.w1)), w2 = \(NumberFormat.readable(end.w2)), loss \(NumberFormat.readable(end.loss))")
        }
        var marks: [(label: String, point: PlanePoint)] = []
        for p in paths {
            let label = String(p.optimizer.rawValue.first!)
            marks += p.points.map { (label, PlanePoint(alpha: $0.w1, beta: $0.w2)) }
        }
        for c in ToyLandscape.criticalPoints { marks.append((c.name == "saddle" ? "X" : "M", PlanePoint(alpha: c.w1, beta: c.w2))) }
        let map = LandscapeMap(loss: surface.loss, span: span, current: nil, marks: marks)
        var buffer = Buffer(width: max(64, 2 * min(points, 40)), height: min(points, 40) / 2 + 3)
        map.render(in: buffer.area, buffer: &buffer, theme: Theme(palette: Palette(level: .monochrome), glyphs: .detect(environment: ProcessInfo.processInfo.environment)))
        lines.append("")
        lines.append(contentsOf: buffer.lines())
        lines.append("M minimum  X saddle  s sgd  m momentum  a adam")
        print(lines.joined(separator: "\n"))
    }
}
