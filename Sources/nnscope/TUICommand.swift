import App
import ArgumentParser
import Autodiff
import Commands
import Foundation
import Sessions
import NeuralNetwork
import Terminal

/// `nnscope tui` (also `nnscope` with no arguments): the full-screen interface.
struct TUICommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tui",
        abstract: "Open the full-screen interface (the default): watch a network learn, step it, change it.",
        discussion: """
            Starts on the spiral dataset (or the options given), paused. space trains one epoch, r runs, \
            : opens the command line, ? lists the keys. Every session is recorded into \
            $XDG_DATA_HOME/nnscope/sessions/ (default ~/.local/share/nnscope/sessions/) or --record FILE.
            """
    )

    @OptionGroup var options: TrainingOptions
    @OptionGroup var initFrom: InitFromOption

    @Option(help: "Record the session into this file instead of the sessions folder.")
    var record: String?

    @Flag(help: forceHelp)
    var force = false

    @Option(parsing: .number, help: ArgumentHelp(InterfaceSetting.all.first { $0.key == "speed" }?.summary ?? "", valueName: "epochs-per-second"))
    var speed: String?

    @Option(name: .customLong("recording-budget"), parsing: .number,
            help: ArgumentHelp(InterfaceSetting.all.first { $0.key == "recording-budget" }?.summary ?? "", valueName: "megabytes"))
    var recordingBudget: String?

    func run() throws {
        if let problem = TerminalCheck.problem() {
            FileHandle.standardError.write(Data("""
                nnscope: cannot open the full-screen interface: \(problem).
                Try `nnscope repl` (commands at a prompt) or `nnscope train` (plain progress lines) instead.

                """.utf8))
            throw ExitCode(ExitStatus.noTerminal)
        }
        let configuration = try initFrom.configuration(options)
        let experiment: Experiment
        do { experiment = try Experiment(configuration: configuration, engineFactory: Experiment.autodiffEngines) } catch { throw CLIError("\(error)") }
        let interpreter = Interpreter(experiment: experiment, runsInBackground: true)
        interpreter.speed = .interfaceDefault
        // The interface settings, through `set` itself: one validation, one message.
        for case let (key, value?) in [("speed", speed), ("recording-budget", recordingBudget)] {
            let command: Command
            do { command = try .set(key: key, value: value) } catch { throw CLIError("--\(key) \(value): \(error.message)") }
            if let error = interpreter.execute(command).error { throw CLIError("--\(key) \(value): \(error.message)") }
        }

        let (recording, recordingProblem) = try openRecording(record, force: force, interpreter: interpreter)

        let outcome: TUIApp.Outcome
        do {
            outcome = try TUIApp(interpreter: interpreter, recording: recording, recordingProblem: recordingProblem).run()
        } catch {
            FileHandle.standardError.write(Data("nnscope: cannot open the full-screen interface: \(error)\nTry `nnscope repl` or `nnscope train` instead.\n".utf8))
            throw ExitCode(ExitStatus.noTerminal)
        }
        for line in outcome.farewell { print(line) }
        TUIStatistics.write(outcome.statistics)
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}

/// Throughput figures for measurements: when NNSCOPE_TUI_STATS names a file, the TUI writes the
/// epochs it trained while running and the seconds it ran there on exit.
enum TUIStatistics {
    static func write(_ statistics: TrainingWorker.RunStatistics) {
        guard let path = ProcessInfo.processInfo.environment["NNSCOPE_TUI_STATS"], !path.isEmpty else { return }
        let rate = statistics.epochsPerSecond.map { String($0) } ?? "-"
        let text = "epochs \(statistics.epochs) seconds \(statistics.seconds) epochs_per_second \(rate)\n"
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}

/// `nnscope replay FILE` on a terminal: the full-screen replay.
enum TUIReplay {
    static func open(_ file: String) throws {
        let session: ReplaySession
        do { session = try ReplaySession(path: file) } catch { throw CLIError("\(error)") }
        let status: Int32
        do { status = try ReplayApp(session: session).run() } catch { throw CLIError("\(error)") }
        if status != 0 { throw ExitCode(status) }
    }

    /// Two sessions side by side (`nnscope replay A.jsonl B.jsonl`).
    static func open(_ fileA: String, _ fileB: String) throws {
        let a: ReplaySession, b: ReplaySession
        do {
            a = try ReplaySession(path: fileA)
            b = try ReplaySession(path: fileB)
        } catch { throw CLIError("\(error)") }
        let status: Int32
        do { status = try ReplayApp(a: a, b: b).run() } catch { throw CLIError("\(error)") }
        if status != 0 { throw ExitCode(status) }
    }
}

/// The full-screen interface's recording: into `record` when given (an error if it cannot be made),
/// else into the sessions folder (a problem shown on screen if that fails: the run goes on unrecorded).
func openRecording(_ record: String?, force: Bool, interpreter: Interpreter) throws -> (SessionRecording?, String?) {
    do {
        let path = try record ?? SessionFiles.recordingPath()
        return (try SessionRecording(path: path, interpreter: interpreter, programVersion: programVersion, replacing: force), nil)
    } catch {
        if record != nil { throw CLIError("--record: \(error)" + existingFileHint(error, resumable: false)) }
        return (nil, "\(error)")
    }
}
