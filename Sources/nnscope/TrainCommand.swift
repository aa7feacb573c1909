import ArgumentParser
import Autodiff
import Commands
import Foundation
import JSON
import NeuralNetwork
import Sessions

struct TrainCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "train",
        abstract: "Train a network headless, printing one line (or one JSON object) per epoch."
    )

    @OptionGroup var options: TrainingOptions

    @Option(help: "Number of epochs (default 100).")
    var epochs: Int = 100

    @Flag(help: "Write one JSON object per epoch to stdout and nothing else there.")
    var jsonl = false

    func validate() throws {
        guard epochs >= 0 && epochs <= 100_000_000 else { throw ValidationError("--epochs must be between 0 and 100000000, got \(epochs)") }
    }

    func run() throws {
        let configuration = try options.configuration()
        let trainer: Trainer<Float>
        do { trainer = try Trainer<Float>(configuration: configuration) } catch { throw CLIError("\(error)") }
        try installGradientEngine(configuration.engine, on: trainer)
        let interactive = isatty(STDOUT_FILENO) == 1 && !jsonl
        if !jsonl {
            print("nnscope train: \(configuration.dataset), network \(trainer.network.shapeDescription), \(configuration.activation), "
                + "\(configuration.optimizer.kind.rawValue) lr \(configuration.optimizer.learningRate), batch \(configuration.batchSize), "
                + "\(trainer.trainCount) train / \(trainer.validationCount) validation examples")
        }
        let start = DispatchTime.now().uptimeNanoseconds
        for e in 0..<epochs {
            guard let metrics = trainer.stepEpoch() else { break }
            if jsonl {
                print(metrics.json.serialized)
            } else {
                if interactive { clearProgress() }
                print(EpochLine.format(metrics))
                if interactive { drawProgress(done: e + 1, total: epochs, startNanos: start) }
            }
            if metrics.diverged != nil { break }
        }
        if interactive { clearProgress() }
        switch trainer.status {
        case let .diverged(message):
            FileHandle.standardError.write(Data("nnscope: \(message)\n".utf8))
            throw ExitCode(3)
        case let .stoppedEarly(message):
            if !jsonl { print(message) }
        case .ready: break
        }
    }

    private func drawProgress(done: Int, total: Int, startNanos: UInt64) {
        let width = 30
        let filled = total > 0 ? done * width / total : width
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - startNanos) / 1e9
        let rate = seconds > 0 ? Double(done) / seconds : 0
        let bar = String(repeating: "#", count: filled) + String(repeating: "-", count: width - filled)
        FileHandle.standardOutput.write(Data("[\(bar)] \(done)/\(total) epochs, \(String(format: "%.1f", rate)) epochs/s\r".utf8))
    }

    private func clearProgress() {
        FileHandle.standardOutput.write(Data("\r\u{1B}[K".utf8))
    }
}

/// Replaces backprop with automatic differentiation when the configuration asks for it.
func installGradientEngine<Scalar>(_ kind: GradientEngineKind, on trainer: Trainer<Scalar>) throws {
    trainer.gradientEngine = AutodiffGradientEngine<Scalar>.make(kind)
}
