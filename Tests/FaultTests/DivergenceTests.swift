import Foundation
import JSON
import Testing
import Sessions

/// Learning rate 1e6 and weights initialised 1e5 times too large in 5 ReLU layers: the divergence is
/// caught in the first epoch with its epoch and batch, the session stays valid JSON with a finite
/// last checkpoint, and the REPL goes on accepting commands.
@Suite struct DivergenceTests {
    static let network = ["--layers", "5,5,5,5,5", "--activation", "relu"]

    @Test func aDivergingRecordingIsCaughtInTheFirstEpochAndStaysValid() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let path = temporaryFolder("diverge") + "/diverged.jsonl"
        let outcome = try run(binary, ["train"] + DivergenceTests.network + ["--lr", "1e6", "--init-scale", "1e5", "--epochs", "10", "--record", path])
        #expect(outcome.status == 3, "\(outcome.errors)")
        #expect(outcome.errors.contains("diverged at epoch 1, batch "), "\(outcome.errors)")
        let lines = bytes(of: path).split(separator: 0x0A)
        for (index, line) in lines.enumerated() {
            #expect(throws: Never.self, "line \(index + 1) is not valid JSON") { try JSONParser().parse(Array(line)) }
        }
        let contents = try SessionReader.read(path: path)
        #expect(contents.problems.isEmpty && contents.closed && contents.close?.status == "diverged")
        #expect(contents.epochs.count == 1 && contents.epochs[0].metrics.diverged != nil)
        #expect(contents.divergences.count == 1 && contents.divergences[0].position.epoch == 0)
        #expect(contents.divergences.first?.message.hasPrefix("diverged at epoch 1, batch ") == true)
        let checkpoint = try #require(contents.lastCheckpoint)
        #expect(checkpoint.network.layers.allSatisfy { layer in
            layer.weights.elements.allSatisfy(\.isFinite) && layer.bias.allSatisfy(\.isFinite) && layer.unitParameters.allSatisfy(\.isFinite)
        }, "the last checkpoint holds non-finite weights")
    }

    @Test func theREPLStillAcceptsCommandsAfterADivergence() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let folder = temporaryFolder("diverge-repl")
        let script = "set lr 1e6\nset init-scale 1e5\nreset\nstep 1\nstep 1\nset lr 0.01\nset init-scale 1\nreset\nstep 1\nsave after.jsonl\n"
        let outcome = try run(binary, ["repl", "--keep-going"] + DivergenceTests.network, input: Data(script.utf8), in: folder)
        let output = outcome.output.split(separator: "\n")
        #expect(output.contains { $0.contains("diverged at epoch 1, batch ") }, "\(outcome.output)")
        #expect(output.contains { $0.hasPrefix("reset: network re-initialised") })
        let last = try #require(output.last { $0.hasPrefix("epoch 1 ") })
        #expect(!last.contains("nan") && !last.contains("diverged"), "\(last)")
        #expect(output.last?.hasPrefix("saved ") == true, "\(outcome.output)")
        let saved = try SessionReader.read(path: folder + "/after.jsonl")
        #expect(saved.problems.isEmpty && saved.closed)
        #expect(saved.epochs.last?.metrics.trainLoss.isFinite == true)
    }
}
