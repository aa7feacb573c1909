import ArgumentParser
import Autodiff
import Foundation
import NeuralNetwork

struct GradcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gradcheck",
        abstract: "Compare backprop's gradients with central finite differences in Double.",
        discussion: "Prints the largest error per layer, |g - g_fd| / max(1, |g|, |g_fd|); exits with status 1 if any exceeds 1e-6."
    )

    @OptionGroup var options: TrainingOptions

    @Flag(help: "Compare backprop, reverse mode (dynamic and static graph), forward mode and finite differences, with timings.")
    var modes = false

    @Option(parsing: .number, help: "Number of training examples in the checked batch.")
    var samples: Int = 16

    func validate() throws {
        guard (1...10_000).contains(samples) else { throw ValidationError("--samples must be between 1 and 10000") }
    }

    func run() throws {
        let configuration = try options.configuration()
        let trainer: Trainer<Double>
        do { trainer = try Trainer<Double>(configuration: configuration) } catch { throw CLIError("\(error)") }
        // Batch normalisation needs a batch of two or more (`Trainer.sampleBatch` takes at least that).
        let smallest = configuration.batchNorm ? BatchNorm.minimumBatchSize : 1
        print("gradcheck: network \(trainer.network.shapeDescription), \(configuration.hiddenUnitsDescription)"
            + (configuration.batchNorm ? ", batch norm" : "")
            + ", loss \(trainer.loss.rawValue), \(min(max(samples, smallest), trainer.trainCount)) examples, step \(GradientCheck.step)")
        if modes {
            let report = try GradientModesReport.measure(trainer: trainer, samples: samples)
            print(report.text)
            let worst = report.modes.map(\.largestDisagreement).max() ?? 0
            if worst > GradientCheck.tolerance {
                print("FAILED: largest disagreement \(worst) exceeds \(GradientCheck.tolerance)")
                throw ExitCode(1)
            }
            return
        }
        let results = trainer.gradientCheck(count: samples)
        var worst = 0.0
        for r in results {
            print("layer \(r.layer): \(r.parameters) parameters, max error \(String(format: "%.3e", r.maxError))")
            worst = max(worst, r.maxError)
        }
        let ok = worst <= GradientCheck.tolerance
        print(ok ? "ok: every gradient agrees to \(GradientCheck.tolerance)" : "FAILED: largest error \(worst) exceeds \(GradientCheck.tolerance)")
        if !ok { throw ExitCode(1) }
    }
}
