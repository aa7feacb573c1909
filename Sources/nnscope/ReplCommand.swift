import ArgumentParser
import Autodiff
import Commands
import Foundation
import NeuralNetwork

struct ReplCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repl",
        abstract: "Type commands (set, step, show, ...) at a prompt, or run a script of them.",
        discussion: """
            Reads commands from --script FILE, from a pipe (nnscope repl < script.nns), or from the \
            terminal with history and Tab completion. `help` lists the commands. In a script, the \
            first bad line stops it with exit status 1 and its line number; --keep-going runs the \
            rest (the exit status is still 1).
            """
    )

    @OptionGroup var options: TrainingOptions

    @Option(help: "Run the commands in this file instead of reading standard input.", completion: .file())
    var script: String?

    @Flag(help: "In a script, report a bad line and continue with the next.")
    var keepGoing = false

    @Option(help: ArgumentHelp("Record the session (every epoch and change) into this file as it happens; quit or the end of input adds a checkpoint and closes it.", valueName: "file"), completion: ShellCompletions.sessionFile)
    var record: String?

    @Flag(help: forceHelp)
    var force = false

    func run() throws {
        let configuration = try options.configuration()
        let experiment: Experiment
        do { experiment = try Experiment(configuration: configuration, engineFactory: Experiment.autodiffEngines) } catch { throw CLIError("\(error)") }
        let interpreter = Interpreter(experiment: experiment, programVersion: "nnscope \(programVersion)")
        if let record {
            let result = interpreter.startRecording(to: record, replacing: force)
            if let error = result.error {
                throw CLIError(error.message + existingFileHint(error, resumable: false))
            }
        }
        // On quit, at the end of input and after a failing script line: a checkpoint and the closing record.
        defer {
            if let error = interpreter.finishRecording().error {
                FileHandle.standardError.write(Data("nnscope: \(error.message)\n".utf8))
            }
        }

        if let script {
            guard let data = FileManager.default.contents(atPath: script) else {
                throw CLIError("--script \(script): cannot read the file")
            }
            let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            try runScript(lines: lines.last == "" ? lines.dropLast() : lines[...], interpreter: interpreter, name: script)
        } else if LineEditor.isTerminal(STDIN_FILENO) {
            interactive(interpreter)
        } else {
            try runScript(lines: AnySequence { AnyIterator { Swift.readLine(strippingNewline: true) } },
                          interpreter: interpreter, name: nil)
        }
    }

    private func runScript(lines: some Sequence<String>, interpreter: Interpreter, name: String?) throws {
        let runner = ScriptRunner(interpreter: interpreter, keepGoing: keepGoing, name: name)
        let summary = runner.run(lines: lines) { output in
            switch output {
            case let .text(line): print(line)
            case let .error(_, message):
                fflush(nil)
                FileHandle.standardError.write(Data("nnscope: \(message)\n".utf8))
            }
        }
        if summary.exitStatus != 0 { throw ExitCode(summary.exitStatus) }
    }

    private func interactive(_ interpreter: Interpreter) {
        let historyFile = History.defaultPath().map(History.init(path:))
        let editor = LineEditor(prompt: "nnscope> ", history: historyFile?.load() ?? [])
        print("nnscope repl: \(interpreter.experiment.configuration.dataset), network \(interpreter.experiment.trainer.network.shapeDescription). Type `help` for the commands, Tab to complete, Ctrl-D to leave.")
        while let line = editor.readLine() {
            let result = interpreter.execute(line: line)
            for text in result.lines { print(result.isError ? "error: \(text)" : text) }
            if result.quit { break }
        }
        if let historyFile {
            do { try historyFile.save(editor.history) } catch {
                FileHandle.standardError.write(Data("nnscope: cannot save the history to \(historyFile.path): \(error.localizedDescription)\n".utf8))
            }
        }
    }
}
