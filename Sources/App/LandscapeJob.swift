import Foundation
import Landscape
import LinearAlgebra
import NeuralNetwork
import Render
import Sessions

/// What the landscape panel is computed from: the live network and configuration at the moment
/// `L` was pressed (captured by the training worker between mini-batches) and where the run's
/// checkpoints are recorded (its trajectory).
public struct LandscapeRequest: Sendable {
    public var network: Network<Float>
    public var configuration: TrainingConfiguration
    public var epoch: Int
    public var generation: Int
    public var recordingPath: String?
    /// The checkpoints before this one, when they are at hand (the replay has them in memory);
    /// nil: read generation `generation`'s from `recordingPath`.
    public var trajectory: [SessionCheckpoint]?
    public var directions: PlaneDirections.Kind

    public init(network: Network<Float>, configuration: TrainingConfiguration, epoch: Int, generation: Int,
                recordingPath: String?, trajectory: [SessionCheckpoint]? = nil, directions: PlaneDirections.Kind) {
        self.network = network
        self.configuration = configuration
        self.epoch = epoch
        self.generation = generation
        self.recordingPath = recordingPath
        self.trajectory = trajectory
        self.directions = directions
    }
}

/// A finished landscape: the grid, the projected trajectory and the curvature at the centre.
public struct LandscapeOutcome: Sendable {
    public var epoch: Int
    public var generation: Int
    public var directions: PlaneDirections.Kind
    public var explainedVariance: [Double]?
    public var grid: LossGrid
    public var path: [PlanePoint]
    public var curvature: Curvature?
    /// Said beside the picture: a fallback to random directions, a scaled-down grid.
    public var notes: [String]
}

/// Computes landscapes on a thread of its own, so neither the UI nor training waits: `start`
/// cancels whatever is running and begins anew; the UI reads `state` when it draws.
///
/// `@unchecked Sendable`: `current`, `ticket` and `stateVersion` are only touched with `lock` held.
public final class LandscapeJob: @unchecked Sendable {
    public enum State: Sendable {
        case idle
        /// `stage` ("loss grid", "curvature"), `done` of `total` steps; the last result, if any.
        case computing(epoch: Int, directions: PlaneDirections.Kind, stage: String, done: Int, total: Int, previous: LandscapeOutcome?)
        case finished(LandscapeOutcome)
        case failed(String)
    }

    private let lock = NSLock()
    private var current: State = .idle
    private var ticket = 0
    private var stateVersion = 0

    public init() {}

    /// The state and a number that changes whenever it does.
    public var state: (state: State, version: Int) {
        lock.lock()
        defer { lock.unlock() }
        return (current, stateVersion)
    }

    /// Cancels the running computation (if any) and starts `request` on a new thread.
    public func start(_ request: LandscapeRequest) {
        lock.lock()
        ticket += 1
        let mine = ticket
        set(.computing(epoch: request.epoch, directions: request.directions, stage: "loss grid", done: 0, total: 1, previous: lastOutcome))
        lock.unlock()
        let thread = Thread { [self] in
            var partial: LandscapeOutcome?
            let outcome = LandscapeJob.compute(request, progress: { stage, done, total in
                self.lock.lock()
                defer { self.lock.unlock() }
                guard self.ticket == mine else { return false }
                self.set(.computing(epoch: request.epoch, directions: request.directions, stage: stage, done: done, total: total,
                                    previous: partial ?? self.lastOutcome))
                return true
            }, gridDone: { partial = $0 })
            self.lock.lock()
            if self.ticket == mine {
                switch outcome {
                case let .success(result): self.set(.finished(result))
                case let .failure(message): self.set(.failed(message.description))
                case nil: break
                }
            }
            self.lock.unlock()
        }
        thread.name = "nnscope landscape"
        thread.start()
    }

    /// Stops the running computation; the state goes back to idle.
    public func cancel() {
        lock.lock()
        ticket += 1
        set(.idle)
        lock.unlock()
    }

    private var lastOutcome: LandscapeOutcome? {
        switch current {
        case let .finished(o): return o
        case let .computing(_, _, _, _, _, previous): return previous
        default: return nil
        }
    }

    private func set(_ state: State) {
        current = state
        stateVersion += 1
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// The whole computation, on the calling thread. `progress(stage, done, total)` returning
    /// false cancels (nil). Pure apart from reading the recording for the trajectory.
    public static func compute(_ request: LandscapeRequest, progress: (String, Int, Int) -> Bool,
                               gridDone: (LandscapeOutcome) -> Void = { _ in }) -> Result<LandscapeOutcome, Failure>? {
        let trainer: Trainer<Double>
        do { trainer = try Trainer<Double>(configuration: request.configuration) } catch {
            return .failure(Failure(description: "landscape: cannot rebuild the training data: \(error)"))
        }
        let problem = TrainingLoss(trainer: trainer, network: request.network)
        let centre = problem.centre
        var notes: [String] = []
        let trajectory = request.trajectory ?? request.recordingPath.map { SessionCheckpoints.trajectory(path: $0, generation: request.generation) } ?? []
        let points = trajectory.map { ParameterVector.flatten($0.network) }.filter { $0.count == centre.count }
        var plane = PlaneDirections.random(for: request.network, seed: 1)
        if request.directions == .pca {
            do { plane = try PlaneDirections.pca(trajectory: points + [centre], centre: centre) } catch {
                notes.append("pca: \(points.count) checkpoints so far, showing random directions")
            }
        }
        let path = points.map { plane.project($0, centre: centre) }.map { PlanePoint(alpha: $0.alpha, beta: $0.beta) }
        let extent = path.map { max(abs($0.alpha), abs($0.beta)) }.max() ?? 0
        let span = plane.kind == .pca && extent > 0 ? 1.25 * extent : 1
        let side = LossGrid.scaledPoints(requested: LossGrid.defaultPoints, examples: problem.examples, parameters: problem.parameterCount)
        if side < LossGrid.defaultPoints { notes.append("grid scaled down to \(side)x\(side) for \(problem.parameterCount) parameters") }
        if let note = problem.batchNormNote { notes.append(note) }
        let grid: LossGrid?
        do {
            grid = try LossGrid.compute(problem, centre: centre, directions: plane, points: side, span: span) { progress("loss grid", $0, $1) }
        } catch { return .failure(Failure(description: "\(error)")) }
        guard let grid else { return nil }
        var outcome = LandscapeOutcome(epoch: request.epoch, generation: request.generation, directions: plane.kind,
                                       explainedVariance: plane.explainedVariance, grid: grid, path: path,
                                       curvature: nil, notes: notes)
        gridDone(outcome)
        guard let curvature = problem.curvature(top: 1, progress: { progress("curvature", $0, $1) }) else { return nil }
        outcome.curvature = curvature
        return .success(outcome)
    }
}
