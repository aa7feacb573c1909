import Foundation
import JSON
import NeuralNetwork
import Testing
@testable import Sessions

/// Batch-normalised runs in session files (format 1.2): checkpoints carry γ, β and the running
/// statistics; replay reproduces them bit for bit.
@Suite struct BatchNormSessionTests {
    @Test func aCheckpointCarriesGammaBetaAndTheRunningStatistics() throws {
        let path = temporaryFolder() + "/bn-checkpoint.jsonl"
        let configuration = try smallConfiguration([("batch-norm", "on"), ("layers", "5,3"), ("optimizer", "adam")])
        let experiment = try Experiment(configuration: configuration)
        experiment.trainer.run(epochs: 3)
        let network = experiment.trainer.network
        let bn = try #require(network.layers[0].normalization)
        #expect(bn.runningMean.contains { $0 != 0 } && bn.gamma.contains { $0 != 1 })
        let recorder = try SessionRecorder(path: path, configuration: configuration, programVersion: "nnscope test")
        try recorder.record(checkpoint: network, position: SessionPosition(of: experiment))
        try recorder.close()
        let c = try SessionReader.read(path: path)
        #expect(c.problems.isEmpty)
        #expect(c.header.formatVersion == "1.2")
        #expect(c.header.configuration.batchNorm)
        #expect(c.lastCheckpoint?.network == network)
        let text = String(decoding: bytes(of: path), as: UTF8.self)
        for name in ["\"batch_norm\"", "\"gamma\"", "\"beta\"", "\"running_mean\"", "\"running_variance\"", "\"batch-norm\":\"on\""] {
            #expect(text.contains(name), "\(name)")
        }
        // The two hidden layers, not the output layer.
        #expect(text.components(separatedBy: "\"batch_norm\"").count - 1 == 2)
    }

    @Test func aNetworkWithoutBatchNormWritesNoBatchNormField() throws {
        let path = temporaryFolder() + "/plain.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration(), epochs: 1)
        #expect(!String(decoding: bytes(of: path), as: UTF8.self).contains("batch_norm"))
    }

    @Test func replayVerifiesABatchNormRunBitForBit() throws {
        let path = temporaryFolder() + "/bn-verify.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration([("batch-norm", "on"), ("batch", "16"), ("bias-init", "-5")]),
                          epochs: 5, events: [(epoch: 2, batch: 3, command: "set lr 0.03")], checkpointEvery: 2)
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == 5 && report.checkpointsChecked >= 2)
    }

    @Test func aChangedRunningStatisticIsCaught() throws {
        let path = temporaryFolder() + "/bn-tampered.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration([("batch-norm", "on"), ("batch", "16")]), epochs: 2, checkpointEvery: 1)
        let c = try SessionReader.read(path: path)
        var lines = String(decoding: bytes(of: path), as: UTF8.self).split(separator: "\n").map(String.init)
        let index = try #require(lines.lastIndex { $0.contains("\"type\":\"checkpoint\"") })
        var checkpoint = try #require(c.lastCheckpoint)
        let variance = checkpoint.network.layers[0].normalization!.runningVariance[0]
        checkpoint.network.layers[0].normalization!.runningVariance[0] = variance.nextUp
        lines[index] = String(decoding: SessionRecord.checkpoint(checkpoint).line.dropLast(), as: UTF8.self)
        write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
        let report = try SessionVerifier.verify(path: path)
        #expect(!report.succeeded)
        #expect(report.mismatch?.contains("differs from the replay's network") == true, "\(report.mismatch ?? "")")
    }

    @Test func aDamagedBatchNormFieldIsRefusedWithItsName() throws {
        let path = temporaryFolder() + "/bn-damaged.jsonl"
        try recordSession(path: path, configuration: try smallConfiguration([("batch-norm", "on"), ("batch", "16")]), epochs: 1)
        var lines = String(decoding: bytes(of: path), as: UTF8.self).split(separator: "\n").map(String.init)
        let index = try #require(lines.lastIndex { $0.contains("\"type\":\"checkpoint\"") })
        // running_variance declared with one value too many, under a fresh checksum: a reader must
        // name the field, not call the record corrupt.
        let json = String(lines[index].dropLast(SessionLine.suffixLength)) + "}"
        let damaged = json.replacingOccurrences(of: "\"running_variance\":{\"shape\":[4]", with: "\"running_variance\":{\"shape\":[5]")
        #expect(damaged != json)
        lines[index] = String(damaged.dropLast()) + ",\"crc\":\"" + CRC32.hex(CRC32.checksum(Array(damaged.utf8))) + "\"}"
        write(Array((lines.joined(separator: "\n") + "\n").utf8), to: path)
        let c = try SessionReader.read(path: path)
        #expect(c.problems.contains { "\($0)".contains("batch_norm running_variance") }, "\(c.problems)")
        #expect(!c.problems.contains { "\($0)".contains("checksum") }, "\(c.problems)")
    }
}
