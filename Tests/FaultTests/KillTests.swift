import Randomness
import Foundation
import Testing
import Sessions

/// kill -9 at random moments: of a recording `nnscope train`, and of a REPL that saves in a loop.
/// 15 and 10 kills in the default run, 100 and 50 with NNSCOPE_LONG_FAULTS=1 (`make faults`).
@Suite(.serialized) struct KillTests {
    /// Starts `arguments`, waits `microseconds`, sends SIGKILL and waits for the end.
    func killed(_ binary: String, _ arguments: [String], after microseconds: UInt32, input: String? = nil, in folder: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        if let input {
            let inPath = folder + "/script.nns"
            _ = FileManager.default.createFile(atPath: inPath, contents: Data(input.utf8))
            process.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
        }
        try process.run()
        usleep(microseconds)
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }

    @Test func aRecordingKilledAtRandomMomentsKeepsEveryCompleteEpochAndReportsTheTornTail() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let kills = Faults.count(short: 15, long: 100)
        var generator = SeededGenerator(seed: Faults.seed("kill -9 train"))
        var torn = 0, epochs = 0, empty = 0
        for attempt in 0..<kills {
            let folder = temporaryFolder("kill-train")
            let path = folder + "/run.jsonl"
            let delay = UInt32.random(in: 0...300_000, using: &generator)
            try killed(binary, ["train", "--jsonl", "--record", path, "--layers", "8", "--epochs", "100000", "--checkpoint-every", "3"],
                       after: delay, in: folder)
            let file = bytes(of: path)
            guard file.contains(0x0A) else {
                // Killed before the header was complete: the file is refused with a clear message.
                empty += 1
                if FileManager.default.fileExists(atPath: path) {
                    let error = #expect(throws: SessionError.self) { try SessionReader.read(path: path) }
                    #expect(error.map { $0.message.contains("empty file") || $0.message.contains("header is incomplete") } == true)
                }
                continue
            }
            let contents = try SessionReader.read(path: path)
            let endsInTornRecord = file.last != 0x0A
            #expect(contents.problems.count == (endsInTornRecord ? 1 : 0), "kill \(attempt) after \(delay) µs: \(contents.problems)")
            #expect(contents.problems.allSatisfy { $0.kind == .tornTail && $0.byteOffset == contents.completeBytes })
            #expect(!contents.closed)
            #expect(contents.epochs.map(\.metrics.epoch) == Array(0..<contents.epochs.count).map { $0 + 1 }, "kill \(attempt)")
            let report = try SessionVerifier.verify(path: path)
            #expect(report.succeeded && report.epochsChecked == contents.epochs.count, "kill \(attempt): \(report.description)")
            let summary = try run(binary, ["replay", path, "--summary"])
            #expect(summary.status == 0, "kill \(attempt): \(summary.errors)")
            #expect(summary.output.contains("torn") == endsInTornRecord, "kill \(attempt): \(summary.output)")
            if endsInTornRecord { torn += 1 }
            epochs += contents.epochs.count
            try? FileManager.default.removeItem(atPath: folder)
        }
        print("kill -9 train: \(kills) kills, \(torn) torn tails reported, \(empty) before the header was complete, \(epochs) epochs replayed and verified")
    }

    @Test func aSaveKilledAtRandomMomentsLeavesTheOldOrTheNewFileAndNoLeftovers() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let kills = Faults.count(short: 10, long: 50)
        var generator = SeededGenerator(seed: Faults.seed("kill -9 save"))
        let folder = temporaryFolder("kill-save")
        let target = folder + "/saved.jsonl"
        let script = String(repeating: "step 1\nsave saved.jsonl\n", count: 5_000)
        var leftovers = 0, savedEpochs = 0
        var saved = false  // once a save has completed, the target must never disappear
        func temporaries() -> [String] {
            ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasPrefix(".saved.jsonl.tmp-") }
        }
        for attempt in 0..<kills {
            let delay = UInt32.random(in: 50_000...700_000, using: &generator)
            try killed(binary, ["repl", "--dataset", "xor", "--layers", "4", "--batch", "200"], after: delay, input: script, in: folder)
            leftovers += temporaries().count
            guard FileManager.default.fileExists(atPath: target) else {
                // Killed before any save completed (a slow start under load can take the whole delay).
                #expect(!saved, "the target disappeared after kill \(attempt)")
                continue
            }
            saved = true
            let contents = try SessionReader.read(path: target)
            #expect(contents.problems.isEmpty, "kill \(attempt) after \(delay) µs: \(contents.problems)")
            #expect(contents.closed && contents.lastCheckpoint != nil, "kill \(attempt): the target is not a complete save")
            #expect(!contents.epochs.isEmpty)
            #expect(contents.epochs.map(\.metrics.epoch) == Array(0..<contents.epochs.count).map { $0 + 1 })
            savedEpochs = contents.epochs.count
        }
        #expect(saved, "no save completed before any of the \(kills) kills")
        // The next start in that folder removes what the killed saves left behind.
        let next = try run(binary, ["repl", "--dataset", "xor", "--record", "next.jsonl"], input: Data("step 1\n".utf8), in: folder)
        #expect(next.status == 0, "\(next.errors)")
        #expect(temporaries().isEmpty, "leftovers after the next start: \(temporaries())")
        print("kill -9 save: \(kills) kills, \(leftovers) temporary files left by killed saves, all removed by the next start; last target held \(savedEpochs) epochs")
        try? FileManager.default.removeItem(atPath: folder)
    }
}
