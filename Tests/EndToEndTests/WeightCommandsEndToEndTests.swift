import Foundation
import Testing

/// `nnscope export --weights/--numpy/--pytorch`, `nnscope predict` and `--init-from`, through the binary.
@Suite("weights in and out through the binary", .serialized)
struct WeightCommandsEndToEndTests {
    static var binaryMissing: Bool { !FileManager.default.isExecutableFile(atPath: EndToEnd.binary) }

    func nnscope(_ arguments: String...) throws -> String {
        let result = try EndToEnd.run(EndToEnd.binary, arguments)
        try #require(result.status == 0, "nnscope \(arguments.joined(separator: " ")): \(result.stderr)")
        return result.stdout
    }

    static func numbers(_ csv: String) -> [[Double]] {
        csv.split(separator: "\n").dropFirst().map { $0.split(separator: ",").dropFirst().map { Double($0)! } }
    }

    @Test(.enabled(if: !binaryMissing, "needs .build/debug/nnscope"))
    func exportPredictScriptAndImportAgree() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-e2e-weights-\(getpid())").path
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let f = folder + "/"
        _ = try nnscope("train", "--dataset", "moons", "--layers", "6,5", "--activation", "elu:0.5", "--epochs", "5",
                        "--record", f + "s.jsonl", "--checkpoint-every", "2")
        let said = try nnscope("export", f + "s.jsonl", "--weights", f + "net.npz", "--epoch", "3", "--numpy", f + "net_np.py", "--pytorch", f + "net_torch.py")
        #expect(said.contains("at epoch 2"))  // checkpoints at 2, 4 and the last, 5
        var csv = "x,y,label\n"
        for i in 0..<25 { csv += "\(Double(i) * 0.13 - 1.5),\(Double(i % 7) * 0.3 - 0.8),a\n" }
        try csv.write(toFile: f + "in.csv", atomically: true, encoding: .utf8)

        let fromSession = try nnscope("predict", f + "s.jsonl", "--epoch", "3", "--input", f + "in.csv", "--csv")
        let fromFile = try nnscope("predict", f + "net.npz", "--input", f + "in.csv", "--csv")
        #expect(fromSession == fromFile)
        #expect(fromSession.split(separator: "\n").count == 26)

        // Import, export again: the same predictions, bit for bit.
        _ = try nnscope("train", "--init-from", f + "net.npz", "--epochs", "0", "--record", f + "r0.jsonl")
        _ = try nnscope("export", f + "r0.jsonl", "--weights", f + "back.safetensors")
        #expect(try nnscope("predict", f + "back.safetensors", "--input", f + "in.csv", "--csv") == fromFile)

        // A run started from the file replays without it.
        _ = try nnscope("train", "--init-from", f + "net.npz", "--epochs", "3", "--record", f + "r3.jsonl")
        try FileManager.default.removeItem(atPath: f + "net.npz")
        try FileManager.default.removeItem(atPath: f + "back.safetensors")
        #expect(try nnscope("replay", "--verify", f + "r3.jsonl").hasPrefix("ok: 3 epochs reproduced bit for bit"))

        // The numpy script written by `export --numpy` loads its weights from its own folder.
        _ = try nnscope("export", f + "s.jsonl", "--weights", f + "net.npz", "--epoch", "3")
        let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first { (try? EndToEnd.run($0, ["-c", "import numpy"]).status) == 0 }
        let script = try EndToEnd.run(try #require(python, "no python3 with numpy (Debian's python3-numpy)"), [f + "net_np.py", f + "in.csv"])
        try #require(script.status == 0, "\(script.stderr)")
        let a = WeightCommandsEndToEndTests.numbers(script.stdout), b = WeightCommandsEndToEndTests.numbers(fromFile)
        #expect(a.count == b.count)
        #expect(zip(a, b).allSatisfy { zip($0, $1).allSatisfy { abs($0 - $1) <= 1e-5 } })
        #expect(script.stdout.split(separator: "\n").map { $0.split(separator: ",")[0] } == fromFile.split(separator: "\n").map { $0.split(separator: ",")[0] })
    }
}
