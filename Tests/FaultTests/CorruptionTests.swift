import Randomness
import Foundation
import Testing
import NeuralNetwork
import Sessions

/// Truncations and single-byte changes of a real recorded session (`sessions/dying-relu.jsonl`):
/// no crash, and no silently wrong value: every record read back is byte for byte the original
/// record at that offset, and every original record that is not read back is reported.
@Suite struct CorruptionTests {
    static let reference = Faults.packageRoot + "/sessions/dying-relu.jsonl"

    /// Each record read (by byte offset, re-encoded) and every problem.
    struct Reading {
        var records: [Int: [UInt8]] = [:]
        var problems: [SessionProblem] = []
    }

    static func reading(_ file: [UInt8]) throws -> Reading {
        var result = Reading()
        try SessionReader.stream(bytes: file, name: "damaged") { item in
            switch item {
            case let .record(record, _, offset): result.records[offset] = record.line
            case let .problem(problem): result.problems.append(problem)
            }
        }
        return result
    }

    /// Checks one damaged file against the original; returns whether the damage was reported.
    @discardableResult
    static func check(_ damaged: [UInt8], against original: Reading, _ what: String) -> Bool {
        guard let read = try? reading(damaged) else { return true }  // no usable header: refused with an error
        for (offset, line) in read.records where offset > 0 {
            #expect(original.records[offset] == line, "\(what): record at byte \(offset) reads back differently")
        }
        let lost = original.records.keys.filter { read.records[$0] == nil }
        if !lost.isEmpty { #expect(!read.problems.isEmpty, "\(what): records at \(lost.sorted()) lost without a problem reported") }
        return !read.problems.isEmpty
    }

    @Test func everyTruncationOfARealSessionKeepsItsCompleteRecords() throws {
        let file = bytes(of: CorruptionTests.reference)
        try #require(!file.isEmpty, "missing \(CorruptionTests.reference)")
        let original = try CorruptionTests.reading(file)
        #expect(original.problems.isEmpty)
        let lineEnds = file.indices.filter { file[$0] == 0x0A }
        // Default: every length around each line end and every length of the first 4 KiB; long: every length.
        var lengths = Set(0...min(file.count, 4096))
        for end in lineEnds { lengths.formUnion(max(0, end - 2)...min(file.count, end + 3)) }
        if Faults.long { lengths = Set(0...file.count) }
        for length in lengths.sorted() {
            let cut = Array(file[0..<length])
            guard let read = try? CorruptionTests.reading(cut) else {
                #expect(length <= lineEnds[0], "a file with a complete header was refused (length \(length))")
                continue
            }
            let complete = lineEnds.filter { $0 < length }.count
            #expect(read.records.count == complete, "length \(length)")
            for (offset, line) in read.records { #expect(original.records[offset] == line, "length \(length), byte \(offset)") }
            let endsTorn = !(length == 0 || file[length - 1] == 0x0A)
            #expect(read.problems.map(\.kind) == (endsTorn ? [.tornTail] : []), "length \(length)")
        }
        print("truncation: \(lengths.count) lengths of a \(file.count)-byte session, no crash, no wrong record")
    }

    /// A small recorded session (xor, 2-3-2, 4 epochs, an event, checkpoints, close) of about 4 KB.
    static func smallSession() throws -> [UInt8] {
        var configuration = TrainingConfiguration()
        for (key, value) in [("dataset", "xor"), ("layers", "3"), ("batch", "100")] { try configuration.set(key, value) }
        let path = temporaryFolder("small") + "/small.jsonl"
        let experiment = try Experiment(configuration: configuration)
        let recorder = try SessionRecorder(path: path, configuration: configuration, programVersion: "nnscope faults")
        for epoch in 1...4 {
            let metrics = try #require(experiment.trainer.run(epochs: 1).last, "training halted")
            try recorder.record(epoch: metrics, generation: experiment.generation)
            if epoch == 2 {
                let event = SessionEvent(position: SessionPosition(of: experiment), command: "set lr 0.05", time: 0.5)
                try event.apply(to: experiment)
                try recorder.record(event: event)
            }
            try recorder.record(checkpoint: experiment.trainer.network, position: SessionPosition(of: experiment))
        }
        try recorder.close()
        return bytes(of: path)
    }

    /// The default run flips bytes of a small session (a read of the 50 KB one takes ~8 ms in a debug
    /// build); the long run flips bytes of the real 50 KB session.
    @Test func tenThousandRandomByteChangesAreReportedOrHarmless() throws {
        let file = Faults.long ? bytes(of: CorruptionTests.reference) : try CorruptionTests.smallSession()
        try #require(!file.isEmpty, "missing \(CorruptionTests.reference)")
        let original = try CorruptionTests.reading(file)
        var generator = SeededGenerator(seed: Faults.seed("byte flips"))
        let flips = 10_000
        var reported = 0
        for flip in 0..<flips {
            var damaged = file
            let index = Int.random(in: 0..<file.count, using: &generator)
            damaged[index] ^= UInt8.random(in: 1...255, using: &generator)
            if CorruptionTests.check(damaged, against: original, "flip \(flip) at byte \(index)") { reported += 1 }
        }
        // Every byte of a record is covered by its checksum, so every change is reported.
        #expect(reported == flips)
        print("byte flips: \(flips) single-byte changes of a \(file.count)-byte session, \(reported) reported or refused, 0 crashes, 0 wrong records")
    }
}
