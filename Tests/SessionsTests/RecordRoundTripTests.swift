import CommandLanguage
import Activations
import Foundation
import Randomness
import JSON
import LinearAlgebra
import NeuralNetwork
import Testing
@testable import Sessions

@Suite struct RecordRoundTripTests {
    @Test func everyRecordTypeReadsBackUnchanged() throws {
        let folder = temporaryFolder()
        let path = folder + "/all.jsonl"
        let configuration = try smallConfiguration([("activation", "elu:0.5"), ("seed", "18446744073709551615")])
        let metrics = EpochMetrics(epoch: 3, trainLoss: .nan, valLoss: nil, trainAccuracy: 0.25, valAccuracy: nil, learningRate: 0.05,
                                   layers: [LayerDiagnostics(gradNorm: .infinity, weightNorm: 1.5, deadFraction: 0, saturatedFraction: 0.125,
                                                             preactivationMin: -2, preactivationMax: 3)],
                                   diverged: "diverged at epoch 3, batch 2: loss is nan")
        let finite = EpochMetrics(epoch: 1, trainLoss: 0.1 + 0.2, valLoss: 1e-300, trainAccuracy: 1, valAccuracy: 0.5, learningRate: 0.1,
                                  layers: [LayerDiagnostics(gradNorm: 0.5, weightNorm: -0.0, deadFraction: 1, saturatedFraction: 0,
                                                            preactivationMin: -1, preactivationMax: 1)])
        var rng = SeededGenerator(seed: 3)
        let network = Network<Float>(inputs: 2, hidden: [3], units: [.activation(Activation(.prelu))], outputs: 2,
                                     loss: .softmaxCrossEntropy, initializer: .xavier, biasInit: 0.25, rng: &rng)
        let p = SessionPosition(generation: 2, epoch: 3, batch: 1)
        let recorder = try SessionRecorder(path: path, configuration: configuration, programVersion: "nnscope test")
        try recorder.record(epoch: finite, generation: 1)
        try recorder.record(event: SessionEvent(position: p, command: "set lr 0.05", time: 1.25))
        try recorder.record(event: SessionEvent(position: p, command: "reset", time: 2))
        try recorder.record(epoch: metrics, generation: 2)
        try recorder.record(divergence: "diverged at epoch 3, batch 2: loss is nan", position: p)
        try recorder.record(checkpoint: network, position: p)
        try recorder.record(resumeFrom: p, position: SessionPosition(generation: 3, epoch: 3, batch: 0), programVersion: "nnscope test")
        try recorder.close(status: .diverged)
        try recorder.close()  // idempotent

        let c = try SessionReader.read(path: path)
        #expect(c.problems.isEmpty)
        #expect(c.header.configuration == configuration)
        #expect(c.header.seed == UInt64.max)
        #expect(c.header.formatVersion == SessionFormat.version)
        #expect(c.header.programVersion == "nnscope test")
        #expect(c.epochs.count == 2)
        #expect(c.epochs[0] == SessionEpoch(generation: 1, metrics: finite))
        // Non-finite numbers are null on disk and NaN (or nil) read back; the diverged field says why.
        let back = c.epochs[1].metrics
        #expect(back.trainLoss.isNaN && back.layers[0].gradNorm.isNaN && back.diverged == metrics.diverged)
        #expect(back.valLoss == nil && back.trainAccuracy == 0.25)
        #expect(c.events == [SessionEvent(position: p, command: "set lr 0.05", time: 1.25), SessionEvent(position: p, command: "reset", time: 2)])
        #expect(c.divergences == [SessionDivergence(position: p, message: "diverged at epoch 3, batch 2: loss is nan")])
        #expect(c.lastCheckpoint == SessionCheckpoint(position: p, network: network))
        #expect(c.resumes.first?.from == p && c.resumes.first?.position.generation == 3)
        #expect(c.closed && c.close?.status == "diverged" && c.close?.position == SessionPosition(generation: 3, epoch: 3, batch: 0))
        // Every line is valid JSON with the checksum last.
        for line in String(decoding: bytes(of: path), as: UTF8.self).split(separator: "\n") {
            guard case let .object(pairs) = try JSONValue(parsing: String(line)) else { Issue.record("not an object"); continue }
            #expect(pairs.last?.0 == "crc")
        }
    }

    @Test func epochRecordIsTheJSONLLinePlusTypeGenerationAndChecksum() throws {
        let m = EpochMetrics(epoch: 1, trainLoss: 0.5, valLoss: 0.25, trainAccuracy: nil, valAccuracy: nil, learningRate: 0.1, layers: [])
        let line = String(decoding: SessionRecord.epoch(SessionEpoch(generation: 1, metrics: m)).line, as: UTF8.self)
        let jsonl = m.json.serialized
        #expect(line.hasPrefix(#"{"type":"epoch","generation":1,"# + jsonl.dropFirst().dropLast() + #","crc":""#))
        #expect(line.hasSuffix("\"}\n"))
    }

    @Test func base64RoundTripsAndRejectsNonCanonicalText() {
        for n in 0..<20 {
            let data = (0..<n).map { UInt8(($0 * 37 + 11) & 0xFF) }
            #expect(Base64.decode(Base64.encode(data)) == data)
        }
        #expect(Base64.encode(Array("foobar".utf8)) == "Zm9vYmFy")
        #expect(Base64.encode(Array("fo".utf8)) == "Zm8=")
        #expect(Base64.decode("Zm8") == nil)
        #expect(Base64.decode("Zm9=") == nil)  // non-zero padding bits
        #expect(Base64.decode("Z=8=") == nil)
        #expect(Base64.decode("Zm8*") == nil)
    }

    @Test func checksumsMatchKnownValues() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        var h = FNV1a64()
        Array("a".utf8).withUnsafeBytes { h.add($0) }
        #expect(h.hex == "af63dc4c8601ec8c")
    }

    @Test func eventCommandsParseToActions() throws {
        let p = SessionPosition(generation: 1, epoch: 0, batch: 0)
        #expect(try SessionEvent(position: p, command: "set lr 0.5", time: 0).action == .set(TrainingConfiguration.assignment("lr", "0.5")))
        #expect(try SessionEvent(position: p, command: "dataset csv:/a b.csv", time: 0).action == .dataset(spec: "csv:/a b.csv"))
        #expect(try SessionEvent(position: p, command: "reset", time: 0).action == .reset)
        #expect(throws: SessionError.self) { try SessionEvent(position: p, command: "train 5", time: 0).action }
        #expect(SessionEvent(position: p, command: "set data csv:x.csv", time: 0).datasetSpec == "csv:x.csv")
    }
}
