import Foundation
import NeuralNetwork
@testable import Sessions

/// A fresh temporary folder for one test.
func temporaryFolder() -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-sessions-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func bytes(of path: String) -> [UInt8] { [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()) }

func write(_ bytes: [UInt8], to path: String) { try? Data(bytes).write(to: URL(fileURLWithPath: path)) }

/// The package root, found from this file.
let packageRoot: String = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

/// A small configuration that trains fast.
func smallConfiguration(_ settings: [(String, String)] = []) throws -> TrainingConfiguration {
    var c = TrainingConfiguration()
    try c.set("layers", "4")
    try c.set("batch", "40")
    for (k, v) in settings { try c.set(k, v) }
    return c
}

/// Records `epochs` epochs of `experiment`, applying `events` (position, command) on the way.
func recordSession(path: String, configuration: TrainingConfiguration, epochs: Int,
                   events: [(epoch: Int, batch: Int, command: String)] = [], checkpointEvery: Int? = nil) throws {
    let experiment = try Experiment(configuration: configuration)
    let recorder = try SessionRecorder(path: path, configuration: configuration, programVersion: "nnscope test")
    var pending = events
    var produced = 0
    var checkpointed: SessionPosition?
    while produced < epochs {
        if let next = pending.first, experiment.trainer.epoch == next.epoch, experiment.trainer.batchInEpoch == next.batch {
            pending.removeFirst()
            let event = SessionEvent(position: SessionPosition(of: experiment), command: next.command, time: 0.5)
            try event.apply(to: experiment)
            try recorder.record(event: event)
            continue
        }
        let before = SessionPosition(of: experiment)
        switch experiment.stepBatch() {
        case .batch: continue
        case let .epoch(m):
            produced += 1
            try recorder.record(epoch: m, generation: experiment.generation)
            if let d = m.diverged {
                try recorder.record(divergence: d, position: before)
                checkpointed = SessionPosition(of: experiment)
                try recorder.record(checkpoint: experiment.trainer.network, position: checkpointed!)
                produced = epochs
            } else if let every = checkpointEvery, experiment.trainer.epoch % every == 0 {
                checkpointed = SessionPosition(of: experiment)
                try recorder.record(checkpoint: experiment.trainer.network, position: checkpointed!)
            }
        case .halted: produced = epochs
        }
    }
    if checkpointed != SessionPosition(of: experiment) {
        try recorder.record(checkpoint: experiment.trainer.network, position: SessionPosition(of: experiment))
    }
    try recorder.close()
}
