import Foundation
import Testing

/// Settings shared by the fault tests: the built binary, the long-variant switch, seeds.
enum Faults {
    /// The package root, found from this file.
    static let packageRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// The debug binary `make test` builds before testing.
    static let binary = packageRoot + "/.build/debug/nnscope"

    /// `NNSCOPE_LONG_FAULTS=1` (set by `make faults`) selects the long variants.
    static let long = ProcessInfo.processInfo.environment["NNSCOPE_LONG_FAULTS"] == "1"

    /// `short` iterations in the default run, `long` with NNSCOPE_LONG_FAULTS=1.
    static func count(short: Int, long: Int) -> Int { Faults.long ? long : short }

    /// The seed of a randomised test: NNSCOPE_FAULT_SEED when set, otherwise a fresh one. It is
    /// printed so that a failure can be reproduced.
    static func seed(_ test: String) -> UInt64 {
        let seed = ProcessInfo.processInfo.environment["NNSCOPE_FAULT_SEED"].flatMap(UInt64.init)
            ?? UInt64.random(in: 1...UInt64(UInt32.max))
        print("\(test): seed \(seed) (rerun with NNSCOPE_FAULT_SEED=\(seed))")
        return seed
    }

    /// The binary's path, or nil after recording an issue when it has not been built.
    static func binaryOrIssue() -> String? {
        guard FileManager.default.isExecutableFile(atPath: binary) else {
            Issue.record("skipped: \(binary) is missing; run `swift build` first (`make test` does)")
            return nil
        }
        return binary
    }

    /// `/usr/bin/time`, or nil after recording an issue (Debian package `time`; `make deps` installs it).
    static func timeOrIssue() -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/time") else {
            Issue.record("skipped: /usr/bin/time is missing (Debian package `time`; `make deps` installs it)")
            return nil
        }
        return "/usr/bin/time"
    }
}


/// A fresh temporary folder for one test.
func temporaryFolder(_ name: String = "faults") -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-\(name)-\(UUID().uuidString)").path
    try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

func bytes(of path: String) -> [UInt8] { [UInt8]((try? Data(contentsOf: URL(fileURLWithPath: path))) ?? Data()) }

func write(_ bytes: [UInt8], to path: String) throws { try Data(bytes).write(to: URL(fileURLWithPath: path)) }

/// What a finished child process left behind.
struct ProcessOutcome {
    var status: Int32
    var reason: Process.TerminationReason
    var output: String
    var errors: String
}

/// Runs `executable` with `arguments` to the end, feeding it `input` on standard input.
func run(_ executable: String, _ arguments: [String], input: Data? = nil, in folder: String? = nil) throws -> ProcessOutcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    if let folder { process.currentDirectoryURL = URL(fileURLWithPath: folder) }
    var environment = ProcessInfo.processInfo.environment
    environment["SWIFT_BACKTRACE"] = "enable=no"
    process.environment = environment
    let folder = temporaryFolder("out")
    let outPath = folder + "/stdout", errPath = folder + "/stderr", inPath = folder + "/stdin"
    _ = FileManager.default.createFile(atPath: outPath, contents: nil)
    _ = FileManager.default.createFile(atPath: errPath, contents: nil)
    _ = FileManager.default.createFile(atPath: inPath, contents: input ?? Data())
    let out = try FileHandle(forWritingTo: URL(fileURLWithPath: outPath))
    let err = try FileHandle(forWritingTo: URL(fileURLWithPath: errPath))
    let inputHandle = try FileHandle(forReadingFrom: URL(fileURLWithPath: inPath))
    defer { try? out.close(); try? err.close(); try? inputHandle.close(); try? FileManager.default.removeItem(atPath: folder) }
    process.standardOutput = out
    process.standardError = err
    process.standardInput = inputHandle
    try process.run()
    process.waitUntilExit()
    return ProcessOutcome(status: process.terminationStatus, reason: process.terminationReason,
                          output: String(decoding: bytes(of: outPath), as: UTF8.self),
                          errors: String(decoding: bytes(of: errPath), as: UTF8.self))
}

/// Runs the binary under `/usr/bin/time -f %M`: the outcome and the peak resident size in KiB.
func runMeasuringPeakMemory(_ arguments: [String], in folder: String? = nil) throws -> (ProcessOutcome, kibibytes: Int)? {
    guard let binary = Faults.binaryOrIssue(), let time = Faults.timeOrIssue() else { return nil }
    let report = temporaryFolder("time") + "/peak"
    let outcome = try run(time, ["-f", "%M", "-o", report, binary] + arguments, in: folder)
    let text = String(decoding: bytes(of: report), as: UTF8.self)
    // `time` prefixes "Command exited with non-zero status N" on its own line.
    guard let peak = text.split(separator: "\n").last.flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) }) else {
        Issue.record("cannot read the peak resident size from /usr/bin/time: \(text)")
        return nil
    }
    return (outcome, peak)
}

/// The resident size (VmRSS) of process `pid` in KiB, from /proc.
func residentKibibytes(of pid: Int32) -> Int? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
    for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
        return Int(line.split(separator: " ", omittingEmptySubsequences: true)[1])
    }
    return nil
}
