import Commands
import NeuralNetwork
import Testing

@Suite("Training speed")
struct TrainingSpeedTests {
    @Test("[ and ] walk the ladder 1 ... 10000, then max; the ends stay")
    func ladder() {
        var speed = TrainingSpeed.epochsPerSecond(1)
        var seen = [speed.value]
        while speed != .unlimited {
            speed = speed.faster
            seen.append(speed.value)
        }
        #expect(seen == ["1", "2", "5", "10", "30", "100", "300", "1000", "3000", "10000", "max"])
        #expect(TrainingSpeed.unlimited.faster == .unlimited)
        #expect(TrainingSpeed.unlimited.slower == .epochsPerSecond(10_000))
        #expect(TrainingSpeed.epochsPerSecond(1).slower == .epochsPerSecond(1))
        #expect(TrainingSpeed.epochsPerSecond(0.5).slower == .epochsPerSecond(0.5))
        #expect(TrainingSpeed.epochsPerSecond(7).faster == .epochsPerSecond(10))
        #expect(TrainingSpeed.epochsPerSecond(7).slower == .epochsPerSecond(5))
    }

    @Test("a batch interval that makes the limit in epochs per second")
    func batchInterval() {
        // 10 epochs/s of 24 batches: 240 batches a second.
        #expect(TrainingSpeed.epochsPerSecond(10).secondsPerBatch(batchesPerEpoch: 24) == 1.0 / 240)
        #expect(TrainingSpeed.unlimited.secondsPerBatch(batchesPerEpoch: 24) == nil)
    }

    @Test("set speed N|max, set speed, help speed; bad values change nothing")
    func setSpeed() throws {
        let interpreter = Interpreter(experiment: try Experiment(configuration: TrainingConfiguration()), runsInBackground: true)
        #expect(interpreter.speed == .unlimited)
        #expect(interpreter.execute(line: "set speed 5").lines == ["speed 5 epochs/s (was max)"])
        #expect(interpreter.speed == .epochsPerSecond(5))
        #expect(interpreter.execute(line: "set speed").lines.first?.hasPrefix("speed 5 ") == true)
        for bad in ["set speed fast", "set speed 0", "set speed -3", "set speed 1e9"] {
            let result = interpreter.execute(line: bad)
            #expect(result.isError, "\(bad)")
            #expect(result.lines.first?.hasPrefix("set speed") == true)
        }
        #expect(interpreter.speed == .epochsPerSecond(5))
        #expect(interpreter.execute(line: "set speed max").lines == ["speed max (was 5 epochs/s)"])
        #expect(!interpreter.execute(line: "help speed").isError)
        #expect(interpreter.execute(line: "help set").lines.contains { $0.contains("speed") })
        #expect(Completer.complete(line: "set spe", cursor: 7) == ["speed"])
        #expect(Completer.complete(line: "set speed m", cursor: 11) == ["max"])
        // Not a training setting: nothing is recorded, the configuration is untouched.
        #expect(interpreter.journal.entries.isEmpty)
    }
}
