import Foundation
import JSON
import NeuralNetwork
import Testing
@testable import Sessions

/// `nnscope inspect SESSION --example N [--epoch E] [--json]`: the checkpoint chosen, the numbers
/// (the trainer's own at those weights) and the errors for bad input.
@Suite struct SessionInspectionTests {
    static func recorded(checkpointEvery: Int? = 3, epochs: Int = 7) throws -> (path: String, configuration: TrainingConfiguration) {
        let path = temporaryFolder() + "/inspect.jsonl"
        let configuration = try smallConfiguration([("activation", "tanh")])
        try recordSession(path: path, configuration: configuration, epochs: epochs, checkpointEvery: checkpointEvery)
        return (path, configuration)
    }

    @Test func usesTheNewestCheckpointAtOrBeforeTheEpoch() throws {
        let (path, configuration) = try Self.recorded()
        // Checkpoints at epochs 3, 6 and 7 (the last epoch).
        #expect(try SessionInspection.inspect(path: path, example: 0, epoch: nil).position.epoch == 7)
        #expect(try SessionInspection.inspect(path: path, example: 0, epoch: 6).position.epoch == 6)
        #expect(try SessionInspection.inspect(path: path, example: 0, epoch: 5).position.epoch == 3)
        #expect(try SessionInspection.inspect(path: path, example: 0, epoch: 3).position.epoch == 3)
        // The numbers are those of a trainer restored from that checkpoint.
        let contents = try SessionReader.read(path: path)
        let trainer = try Trainer<Float>(configuration: configuration)
        try trainer.restore(network: try #require(contents.lastCheckpoint).network)
        let result = try SessionInspection.inspect(path: path, example: 5, epoch: 100)
        #expect(result.inspection == (try trainer.inspect(example: 5)))
    }

    @Test func jsonHasTheDocumentedFields() throws {
        let (path, _) = try Self.recorded()
        let result = try SessionInspection.inspect(path: path, example: 2, epoch: 4)
        let text = result.json.serialized
        let json = try JSONParser().parse(text)
        #expect(json["epoch"]?.intValue == 3)
        #expect(json["example"]?.intValue == 2)
        #expect(json["input"]?.arrayValue?.count == 2)
        #expect(json["target"]?.intValue == result.inspection.label)
        let layers = try #require(json["layers"]?.arrayValue as [JSONValue]?)
        #expect(layers.count == 2)
        let first = layers[0]
        for key in ["z", "a", "fprime", "delta", "grad_b"] { #expect(first[key]?.arrayValue?.count == 4, "\(key)") }
        #expect(first["shape"] == .array([.int(2), .int(4)]))
        #expect(first["grad_w"]?.arrayValue?.count == 8)
        let gwValues = first["grad_w"]?.arrayValue ?? []
        let gw = gwValues.compactMap { $0.doubleValue }
        #expect(gw == result.inspection.layers[0].gradWeights.map { Double(Float($0).description)! })
        let output = try #require(json["output"])
        #expect(output["scores"]?.arrayValue?.count == 3)
        #expect(output["probabilities"]?.arrayValue?.count == 3)
        #expect(output["prediction"] == nil)
        #expect(output["loss"]?.doubleValue != nil)
        // float32 values in their own shortest form.
        #expect(!text.contains("0000000"))
    }

    @Test func badInputNamesTheValidRange() throws {
        let (path, _) = try Self.recorded()
        #expect(throws: SessionError.self) { try SessionInspection.inspect(path: path, example: 0, epoch: 2) }
        do { _ = try SessionInspection.inspect(path: path, example: 0, epoch: 2) } catch {
            #expect("\(error)".contains("before the first checkpoint (epoch 3)") && "\(error)".contains("3, 6 and 7"))
        }
        do { _ = try SessionInspection.inspect(path: path, example: 100_000, epoch: nil) } catch {
            #expect("\(error)".contains("out of range") && "\(error)".contains("0 to "))
        }
        let before = bytes(of: path)
        let empty = temporaryFolder() + "/no-checkpoints.jsonl"
        let lines = String(decoding: before, as: UTF8.self).split(separator: "\n").filter { !$0.contains("\"type\":\"checkpoint\"") }
        write(Array((lines.joined(separator: "\n") + "\n").utf8), to: empty)
        do { _ = try SessionInspection.inspect(path: empty, example: 0, epoch: nil) } catch {
            #expect("\(error)".contains("has no checkpoints"))
        }
        #expect(throws: SessionError.self) { try SessionInspection.inspect(path: empty, example: 0, epoch: nil) }
        #expect(throws: (any Error).self) { try SessionInspection.inspect(path: path + ".missing", example: 0, epoch: nil) }
        #expect(bytes(of: path) == before)
    }
}
