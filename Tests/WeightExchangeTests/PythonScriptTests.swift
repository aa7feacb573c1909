import Activations
import Foundation
import NeuralNetwork
import Testing
import WeightFiles
@testable import WeightExchange

/// The generated scripts run by a real Python: numpy always (Debian's python3-numpy, which `make`
/// installs), PyTorch where torch is importable.
@Suite(.serialized) struct PythonScriptTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Runs `executable arguments`, returning (status, stdout, stderr).
    static func run(_ executable: String, _ arguments: [String]) -> (Int32, String, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [executable] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch { return (-1, "", "\(error)") }
        let o = out.fileHandleForReading.readDataToEndOfFile(), e = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: o, as: UTF8.self), String(decoding: e, as: UTF8.self))
    }

    /// The first interpreter that imports `module`.
    static func python(importing module: String, candidates: [String]) -> String? {
        candidates.first { FileManager.default.isExecutableFile(atPath: $0) || !$0.hasPrefix("/") ? run($0, ["-c", "import \(module)"]).0 == 0 : false }
    }

    static let numpyPython = python(importing: "numpy", candidates: ["/usr/bin/python3", "python3"])
    static let torchPython = python(importing: "torch", candidates: [root + "/bench/.venv/bin/python", "python3", "/usr/bin/python3"])

    static let cases: [(String, NetworkWeights)] = [
        ("every unit, softmax", Fixtures.weights(Fixtures.network(units: Fixtures.everyUnit))),
        ("binary cross-entropy", Fixtures.weights(Fixtures.network(units: [.activation(Activation(.relu))], outputs: 1, loss: .binaryCrossEntropy), classes: ["no", "yes"])),
        ("batch norm", Fixtures.weights(Fixtures.network(units: [.activation(Activation(.tanh)), .activation(Activation(.relu))], batchNorm: true), classes: ["a", "b", "c"])),
        ("regression, no hidden layer", Fixtures.weights(Fixtures.network(units: [], outputs: 2, loss: .meanSquaredError), classes: nil)),
        ("features", NetworkWeights(network: Fixtures.network(units: [.activation(Activation(.tanh))], inputs: 5), inputMean: [0, 0, 1, 0, 0],
                                    inputStd: [1, 2, 1, 1, 1], features: ["x1", "x2", "x1^2", "x1*x2", "sin(x2)"], rawInputs: 2,
                                    classNames: ["a", "b", "c"], source: "features")),
    ]

    /// Writes weights, the script and an input CSV (with a header and a label column) into a fresh
    /// folder, runs the script and compares its CSV with `PredictionTable`'s to 1e-5.
    func check(_ kind: PythonScripts.Kind, python: String, name: String, weights: NetworkWeights, format: WeightFileFormat) throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-py-\(getpid())-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = "net.\(format.rawValue)"
        try WeightFileIO.write(weights.archive(programVersion: "test"), to: folder + "/" + file)
        let script = folder + "/net.py"
        try PythonScripts.script(kind, for: weights, weightsFile: file, programVersion: "test").write(toFile: script, atomically: true, encoding: .utf8)
        let count = 64
        let raw = Fixtures.rows(count, inputs: weights.rawInputs)
        var csv = (1...weights.rawInputs).map { "in\($0)" }.joined(separator: ",") + ",label\n"
        for r in 0..<count { csv += (0..<weights.rawInputs).map { "\(raw[r * weights.rawInputs + $0])" }.joined(separator: ",") + ",x\n" }
        try csv.write(toFile: folder + "/data.csv", atomically: true, encoding: .utf8)

        let (status, out, err) = PythonScriptTests.run(python, [script, folder + "/data.csv"])
        try #require(status == 0, "\(name): \(python) failed: \(err)")
        let expected = PredictionTable(weights: weights, raw: raw, rows: count)
        let got = out.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        let wanted = expected.csv.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        try #require(got.count == count + 1, "\(name): \(got.count) lines: \(out.prefix(300))")
        #expect(got[0] == wanted[0], "\(name): header")
        var worst = 0.0
        for r in 1...count {
            let numbers = weights.classNames == nil ? 0 : 1
            if numbers == 1 { #expect(got[r][0] == wanted[r][0], "\(name): class of row \(r)") }
            for (a, b) in zip(got[r].dropFirst(numbers), wanted[r].dropFirst(numbers)) {
                worst = max(worst, abs(Double(a)! - Double(b)!))
            }
        }
        #expect(worst <= 1e-5, "\(name) (\(format.rawValue)): largest difference \(worst)")
    }

    @Test func numpyScriptsPredictWhatNnscopePredicts() throws {
        guard let python = PythonScriptTests.numpyPython else {
            Issue.record("no python3 here imports numpy: install Debian's python3-numpy (`make build` does)")
            return
        }
        for (name, weights) in PythonScriptTests.cases {
            for format in WeightFileFormat.allCases { try check(.numpy, python: python, name: name, weights: weights, format: format) }
        }
    }

    @Test func pytorchScriptsPredictWhatNnscopePredicts() throws {
        guard let python = PythonScriptTests.torchPython else {
            // Without torch, at least every generated script must be valid Python.
            if let python = PythonScriptTests.numpyPython {
                for (name, weights) in PythonScriptTests.cases {
                    let text = PythonScripts.script(.pytorch, for: weights, weightsFile: "net.safetensors", programVersion: "test")
                    let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-torch-\(getpid()).py").path
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                    let (status, _, err) = PythonScriptTests.run(python, ["-c", "import ast, sys; ast.parse(open(sys.argv[1]).read())", path])
                    #expect(status == 0, "\(name): the PyTorch script does not parse: \(err)")
                    try? FileManager.default.removeItem(atPath: path)
                }
            }
            print("PythonScriptTests: skipped the PyTorch scripts: no python here imports torch (tried bench/.venv/bin/python, python3, /usr/bin/python3)")
            return
        }
        for (name, weights) in PythonScriptTests.cases { try check(.pytorch, python: python, name: name, weights: weights, format: .safetensors) }
    }
}
