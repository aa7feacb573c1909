import App
import ArgumentParser
import Autodiff
import Commands
import Foundation
import LessonChecks
import Lessons
import NeuralNetwork
import Terminal

/// `nnscope lesson [NAME] [--check] [--lang en|zh]`: the guided lessons.
struct LessonCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lesson",
        abstract: "List the lessons, open one in the full-screen interface, or check that its phenomenon appears.",
        discussion: """
            Without NAME: the lessons this program can show. With NAME: the TUI with the lesson pane \
            (> next page, < previous page, x hides or shows the pane). With --check: the lesson's \
            measurement, headless; exit 0 only when the phenomenon appears (no NAME: every lesson). \
            Lessons are read from $NNSCOPE_LESSONS, else share/nnscope/lessons (installed) or \
            Sources/Lessons/Library (the source tree) in the executable's folder or a parent.
            """
    )

    @Argument(help: "The lesson to open or check.")
    var name: String?

    @Flag(help: "Run the lesson's check headless and print what it measured.")
    var check = false

    @Option(help: "The language: en or zh (default: from LC_ALL, LC_MESSAGES or LANG; zh* gives zh).")
    var lang: String?

    @Option(help: "Record the session into this file instead of the sessions folder.")
    var record: String?

    @Flag(help: forceHelp)
    var force = false

    func validate() throws {
        if let lang, LessonLanguage(rawValue: lang) == nil {
            throw ValidationError("--lang: '\(lang)' is not a lesson language: use one of \(LessonLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
        }
    }

    var language: LessonLanguage {
        lang.flatMap(LessonLanguage.init(rawValue:)) ?? LessonLanguage.fromEnvironment(ProcessInfo.processInfo.environment)
    }

    func run() throws {
        guard let folder = LessonLibrary.locateFolder() else {
            throw CLIError("no lessons folder: set \(LessonLibrary.environmentVariable) or install the lessons into PREFIX/\(LessonLibrary.relativeFolder)")
        }
        let library: LessonLibrary
        do { library = try LessonLibrary(folder: folder) } catch { throw CLIError("\(error)") }
        let lessons = library.available(in: language, features: LessonChecks.features).filter(LessonChecks.isAvailable)

        guard let name else {
            if check {
                var failed = false
                for lesson in lessons { failed = try runCheck(lesson) == false || failed }
                if failed { throw ExitCode(ExitStatus.checkFailed) }
                return
            }
            let width = lessons.map(\.name.count).max() ?? 0
            for lesson in lessons {
                print(lesson.name.padding(toLength: width + 2, withPad: " ", startingAt: 0) + lesson.title)
            }
            return
        }
        guard let lesson = lessons.first(where: { $0.name == name }) else {
            throw CLIError("unknown lesson '\(name)': the lessons are \(lessons.map(\.name).joined(separator: ", "))")
        }
        if check {
            if try runCheck(lesson) == false { throw ExitCode(ExitStatus.checkFailed) }
            return
        }
        try openTUI(lesson)
    }

    /// Prints the lesson's measurement; true when its phenomenon appeared.
    private func runCheck(_ lesson: Lesson) throws -> Bool {
        let outcome: LessonCheckOutcome
        do { outcome = try LessonChecks.run(lesson) } catch { throw CLIError("\(lesson.name): \(error)") }
        for line in outcome.lines { print(line) }
        if !outcome.passed { print("\(lesson.name): the phenomenon did not appear") }
        return outcome.passed
    }

    private func openTUI(_ lesson: Lesson) throws {
        if let problem = TerminalCheck.problem() {
            FileHandle.standardError.write(Data("nnscope: cannot open the full-screen interface: \(problem).\nTry `nnscope lesson \(lesson.name) --check` instead.\n".utf8))
            throw ExitCode(ExitStatus.noTerminal)
        }
        let experiment: Experiment
        do { experiment = try Experiment(configuration: TrainingConfiguration(), engineFactory: Experiment.autodiffEngines) } catch { throw CLIError("\(error)") }
        let interpreter = Interpreter(experiment: experiment, runsInBackground: true)
        interpreter.speed = .interfaceDefault  // watchable, as `nnscope tui` starts
        let (recording, recordingProblem) = try openRecording(record, force: force, interpreter: interpreter)
        let outcome: TUIApp.Outcome
        do {
            outcome = try TUIApp(interpreter: interpreter, recording: recording, recordingProblem: recordingProblem, lesson: lesson).run()
        } catch {
            FileHandle.standardError.write(Data("nnscope: cannot open the full-screen interface: \(error)\n".utf8))
            throw ExitCode(ExitStatus.noTerminal)
        }
        for line in outcome.farewell { print(line) }
        if outcome.exitStatus != 0 { throw ExitCode(outcome.exitStatus) }
    }
}
