import Foundation
import Testing
@testable import Sessions

/// The example sessions in sessions/ and the real binary.
@Suite struct RecordedFilesTests {
    static let sessionFiles: [String] = {
        let folder = packageRoot + "/sessions"
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.filter { $0.hasSuffix(".jsonl") }.sorted().map { folder + "/" + $0 }
    }()

    @Test func theSessionsFolderHasAtLeastFiveStories() {
        #expect(RecordedFilesTests.sessionFiles.count >= 5)
    }

    @Test(arguments: sessionFiles)
    func everyExampleSessionReadsCleanlyAndVerifiesBitForBit(path: String) throws {
        let contents = try SessionReader.read(path: path)
        #expect(contents.problems.isEmpty)
        #expect(contents.closed && !contents.epochs.isEmpty && contents.lastCheckpoint != nil)
        let report = try SessionVerifier.verify(path: path)
        #expect(report.succeeded, "\(report.description)")
        #expect(report.epochsChecked == contents.epochs.count)
    }

    static let binary = packageRoot + "/.build/debug/nnscope"

    @Test func aRecordingKilledAtRandomMomentsReplaysEveryCompleteEpoch() throws {
        guard FileManager.default.isExecutableFile(atPath: RecordedFilesTests.binary) else {
            Issue.record("skipped: \(RecordedFilesTests.binary) is missing; run `swift build` first (`make test` does)")
            return
        }
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<4 {
            let path = temporaryFolder() + "/killed.jsonl"
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RecordedFilesTests.binary)
            process.arguments = ["train", "--jsonl", "--record", path, "--layers", "8", "--epochs", "100000", "--checkpoint-every", "3"]
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            // Wait for a random number of recorded epochs (by file size), then kill -9.
            let target = Int.random(in: 2_000...60_000, using: &generator)
            while process.isRunning, ((try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0) < target {
                usleep(UInt32.random(in: 200...3_000, using: &generator))
            }
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            let contents = try SessionReader.read(path: path)
            #expect(contents.problems.allSatisfy { $0.kind == .tornTail }, "attempt \(attempt): \(contents.problems)")
            #expect(!contents.closed)
            #expect(contents.epochs.map(\.metrics.epoch) == Array(1...max(contents.epochs.count, 1)).prefix(contents.epochs.count).map { $0 }, "attempt \(attempt)")
            let report = try SessionVerifier.verify(path: path)
            #expect(report.succeeded && report.epochsChecked == contents.epochs.count, "attempt \(attempt): \(report.description)")
        }
    }

    @Test func resumeThroughTheBinaryContinuesAndStillVerifies() throws {
        guard FileManager.default.isExecutableFile(atPath: RecordedFilesTests.binary) else {
            Issue.record("skipped: \(RecordedFilesTests.binary) is missing; run `swift build` first (`make test` does)")
            return
        }
        let path = temporaryFolder() + "/resumed.jsonl"
        func run(_ arguments: [String]) throws -> Int32 {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: RecordedFilesTests.binary)
            process.arguments = arguments
            process.standardOutput = FileHandle.nullDevice
            try process.run()
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect(try run(["train", "--record", path, "--layers", "5", "--epochs", "4"]) == 0)
        #expect(try run(["train", "--resume", path, "--epochs", "3"]) == 0)
        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.map(\.metrics.epoch) == [1, 2, 3, 4, 5, 6, 7])
        #expect(contents.epochs.map(\.generation) == [1, 1, 1, 1, 2, 2, 2])
        #expect(contents.resumes.count == 1 && contents.closed)
        #expect(try SessionVerifier.verify(path: path).succeeded)
        #expect(try run(["replay", path, "--verify"]) == 0)
        #expect(try run(["train", "--resume", path, "--lr", "0.5"]) != 0)
    }
}
