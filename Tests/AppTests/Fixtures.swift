import App
import Sessions
import Foundation
import Commands
import NeuralNetwork
import Render

/// Builds screen models from real experiments.
enum Fixtures {
    /// An interpreter on `dataset` (default settings otherwise) after running `lines`.
    static func interpreter(dataset: String = "spiral", _ lines: [String] = []) throws -> Interpreter {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", dataset)
        let interpreter = Interpreter(experiment: try Experiment(configuration: configuration))
        for line in lines {
            let result = interpreter.execute(line: line)
            if let error = result.error { throw error }
        }
        return interpreter
    }

    /// A fresh interpreter on a small XOR network (4 hidden units, 40 points): quick to train.
    static func smallInterpreter() throws -> Interpreter {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        try configuration.set("layers", "4")
        return Interpreter(experiment: try Experiment(configuration: configuration), programVersion: "test")
    }

    /// A scratch folder under the temporary directory.
    /// A started TUI worker on `interpreter` (default: the small XOR network), recording into `path`.
    static func recordingWorker(_ path: String, interpreter: Interpreter? = nil) throws -> TrainingWorker {
        let interpreter = try interpreter ?? smallInterpreter()
        let recording = try SessionRecording(path: path, interpreter: interpreter, programVersion: "test")
        let worker = TrainingWorker(interpreter: interpreter, recording: recording, grid: GridSize(columns: 4, rows: 4))
        worker.start()
        return worker
    }

    struct Folder {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("nnscope-apptests-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func file(_ name: String) -> String { path + "/" + name }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    /// A snapshot of `interpreter`'s experiment sampled for a `width`×`height` screen.
    static func snapshot(_ interpreter: Interpreter, width: Int, height: Int) -> Snapshot {
        Snapshot.capture(interpreter.experiment, version: 1, grid: Screen.dataGrid(width: width, height: height))
    }

    /// The rendered screen as text lines.
    static func render(_ model: ScreenModel, width: Int, height: Int, theme: Theme = .rich) -> [String] {
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: theme)
        return buffer.lines()
    }
}

extension Array where Element == String {
    /// Whether any line contains `text`.
    func containsText(_ text: String) -> Bool { contains { $0.contains(text) } }
}

extension WorkerRequest {
    /// The request the TUI posts for a typed line: parsed once, as the `:` line parses it.
    static func line(_ text: String) -> WorkerRequest {
        guard let parsed = try? TypedLine.parse(text) else { fatalError("test line does not parse: \(text)") }
        return parsed.request
    }
}
