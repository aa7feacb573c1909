import Foundation
import Testing
import Sessions

/// A long recorded run of a small network: resident memory stays flat. 10,000 epochs by default,
/// 100,000 with NNSCOPE_LONG_FAULTS=1.
@Suite struct SoakTests {
    @Test func aLongRecordingKeepsMemoryFlat() throws {
        guard let binary = Faults.binaryOrIssue() else { return }
        let epochs = Faults.count(short: 10_000, long: 100_000)
        let path = temporaryFolder("soak") + "/soak.jsonl"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["train", "--jsonl", "--dataset", "xor", "--layers", "4", "--batch", "200", "--epochs", "\(epochs)",
                             "--checkpoint-every", "100", "--record", path]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        // Samples of (file size, VmRSS) every 20 ms while it runs.
        var samples: [(bytes: Int, kibibytes: Int)] = []
        while process.isRunning {
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            if let rss = residentKibibytes(of: process.processIdentifier) { samples.append((size, rss)) }
            usleep(20_000)
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let contents = try SessionReader.read(path: path)
        #expect(contents.epochs.count == epochs && contents.closed && contents.problems.isEmpty)
        let total = bytes(of: path).count
        // "Start": the first sample past 5% of the file; "end": the last sample.
        let start = try #require(samples.first { $0.bytes > total / 20 }, "too few samples")
        let end = try #require(samples.last)
        // `train` keeps only the latest epochs in memory (`Trainer.historyLimit`): flat, up to the
        // allocator's slack.
        let allowance = 4096
        #expect(end.kibibytes <= start.kibibytes + allowance, "resident size grew from \(start.kibibytes) KiB to \(end.kibibytes) KiB")
        print("soak: \(epochs) epochs recorded (\(total / 1024) KiB), VmRSS \(start.kibibytes) KiB at 5%, \(end.kibibytes) KiB at the end, peak sampled \(samples.map(\.kibibytes).max() ?? 0) KiB")
    }
}
