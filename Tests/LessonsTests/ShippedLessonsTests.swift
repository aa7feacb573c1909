import App
import Commands
import Foundation
import LessonChecks
import Lessons
import NeuralNetwork
import Render
import Terminal
import Testing

/// The lessons in Sources/Lessons/Library: they load, agree between languages, fit the pane at
/// 80x24, their command lines are all accepted, and every lesson's check finds its phenomenon.
@Suite struct ShippedLessonsTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent(LessonLibrary.sourceFolder).path

    static func library() throws -> LessonLibrary { try LessonLibrary(folder: folder) }

    @Test func everyLessonIsListedInBothLanguages() throws {
        let library = try Self.library()
        for language in LessonLanguage.allCases {
            let names = library.available(in: language, features: LessonChecks.features).filter(LessonChecks.isAvailable).map(\.name)
            #expect(names == ["activations", "neuron", "universal-approximation", "softmax", "backprop", "graph", "vanishing", "dead-relu", "landscape"])
        }
    }

    @Test func everyPageFitsThePaneAt80x24() throws {
        for versions in try Self.library().lessons.values {
            for lesson in versions.values {
                var session = LessonSession(lesson: lesson)
                _ = session.start()
                for index in lesson.pages.indices {
                    // The half of the panels the pane covers (top rows, or on `pane: bottom` the lower ones).
                    let screen = try LessonPaneTests.screen(session, width: 80, height: 24)
                    let half = (24 - 2) / 2
                    let rows = lesson.pages[index].pane == .top ? Array(screen.prefix(half)) : Array(screen[half..<(24 - 2)])
                    #expect(rows.first?.contains(session.strings.lessonTitle + ": ") == true, "\(lesson.path): page \(index + 1): \(rows.first ?? "")")
                    #expect(!rows.joined().contains("…"), "\(lesson.path): page \(index + 1) is cut at 80x24")
                    _ = session.handle(.character(">"))
                }
            }
        }
    }

    /// Each lesson's command lines, posted to the TUI's training worker as the lesson pane posts
    /// them (the worker answers `compare` itself, the interpreter the rest): none is refused.
    @Test func everyCommandLineIsAccepted() throws {
        for versions in try Self.library().lessons.values {
            guard let lesson = versions[.en] else { continue }
            let worker = TrainingWorker(interpreter: Interpreter(experiment: try Experiment(configuration: TrainingConfiguration())),
                                        grid: GridSize(columns: 8, rows: 8))
            worker.start()
            let lines = lesson.pages.flatMap(\.commands)
            for line in lines {
                do {
                    guard let typed = try TypedLine.parse(line) else { Issue.record("\(lesson.path): \(line): an empty line"); continue }
                    worker.post(typed.request)
                } catch { Issue.record("\(lesson.path): \(line): \(error)") }
            }
            worker.stop()
            let replies = worker.takeReplies()
            #expect(replies.count == lines.count, "\(lesson.path): \(replies.count) replies to \(lines.count) lines")
            for reply in replies { #expect(!reply.isError, "\(lesson.path): \(reply.lines)") }
        }
    }

    @Test func chineseLessonsUseTheCourseTerms() throws {
        let text = try Self.library().lessons.values.compactMap { $0[.zh] }
            .flatMap { [$0.title] + $0.pages.flatMap { $0.paragraphs + $0.steps + [$0.title] } }.joined()
        for term in ["误差项 δ", "梯度消失", "死亡ReLU", "鞍点", "计算图", "自动微分", "前向模式", "反向模式"] {
            #expect(text.contains(term), "no lesson says \(term)")
        }
    }

    @Test(arguments: ["activations", "neuron", "universal-approximation", "softmax", "backprop", "graph", "vanishing", "dead-relu", "landscape"])
    func checkFindsThePhenomenon(name: String) throws {
        let lesson = try #require(try Self.library().lessons[name]?[.en])
        let outcome = try LessonChecks.run(lesson)
        #expect(outcome.passed, "\(outcome.lines)")
        #expect(outcome.lines.allSatisfy { $0.hasPrefix("\(name): ") })
    }
}

@Suite struct LessonLibraryTests {
    struct Folder {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-lessons-\(getpid())-\(UInt32.random(in: 0...UInt32.max))").path
        init() throws { try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true) }
        func write(_ name: String, _ text: String) throws { try text.write(toFile: path + "/" + name, atomically: true, encoding: .utf8) }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    static func text(_ command: String = "step") -> String {
        "lesson: demo\ntitle: T\norder: 1\ncheck: neuron\n\npage: P\nText.\n> \(command)\n"
    }

    func error(_ body: (Folder) throws -> Void) throws -> String? {
        let folder = try Folder()
        defer { folder.remove() }
        try body(folder)
        do { _ = try LessonLibrary(folder: folder.path); return nil } catch { return error.description.replacingOccurrences(of: folder.path, with: "F") }
    }

    @Test func everyLanguageIsRequired() throws {
        #expect(try error { try $0.write("demo.en.lesson", Self.text()) } == "F/demo.zh.lesson: missing: every lesson has a file for each language (en, zh)")
    }

    @Test func languagesMustRunTheSameCommands() throws {
        #expect(try error { try $0.write("demo.en.lesson", Self.text()); try $0.write("demo.zh.lesson", Self.text("reset")) }
            == "F/demo.zh.lesson:6: the command lines ('>') of this page differs from F/demo.en.lesson")
        #expect(try error { try $0.write("demo.en.lesson", Self.text()); try $0.write("demo.zh.lesson", Self.text()) } == nil)
        #expect(try error { try $0.write("demo.en.lesson", Self.text() + "drawing: zigzag\n"); try $0.write("demo.zh.lesson", Self.text()) }
            == "F/demo.zh.lesson:6: 'drawing:' of this page differs from F/demo.en.lesson")
    }

    @Test func folderIsFoundFromTheEnvironmentOrAboveTheExecutable() throws {
        let folder = try Folder()
        defer { folder.remove() }
        let lessons = folder.path + "/prefix/" + LessonLibrary.relativeFolder
        try FileManager.default.createDirectory(atPath: lessons, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: folder.path + "/prefix/bin", withIntermediateDirectories: true)
        #expect(LessonLibrary.locateFolder(environment: [:], executable: folder.path + "/prefix/bin/nnscope") == lessons)
        #expect(LessonLibrary.locateFolder(environment: ["NNSCOPE_LESSONS": "/elsewhere"], executable: folder.path + "/prefix/bin/nnscope") == "/elsewhere")
        #expect(LessonLibrary.locateFolder(environment: [:], executable: "/nonexistent/bin/nnscope") == nil)
    }
}

@Suite struct LessonSessionTests {
    @Test func keysTurnPagesAndRunEachPagesCommandsOnce() {
        var session = LessonSession(lesson: LessonPaneTests.lesson(.en))
        #expect(session.start() == ["set activation logistic"])
        #expect(session.handle(.character(">")) == ["set activation relu"])
        #expect(session.isOnLastPage)
        #expect(session.handle(.character(">")) == [])
        #expect(session.handle(.character("<")) == [])
        #expect(session.page == 0)
        #expect(session.handle(.character(">")) == [])
        #expect(session.handle(.character("q")) == nil)
        #expect(session.handle(.character("x")) == [])
        #expect(!session.isVisible)
        #expect(session.handle(.character(">")) == nil)
        #expect(session.handle(.character("x")) == [])
        #expect(session.isVisible)
    }

    @Test func theTUIPostsPageCommandsAndLeavesOtherKeysAlone() throws {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        let snapshot = Snapshot.capture(try Experiment(configuration: configuration), version: 1, grid: GridSize(columns: 4, rows: 4))
        let state = TUIState(controller: UIController(), grid: GridSize(columns: 4, rows: 4))
        #expect(state.open(LessonSession(lesson: LessonPaneTests.lesson(.zh))) == [.post(.line("set activation logistic"))])
        #expect(state.handle(.character(">"), snapshot: snapshot) == [.post(.line("set activation relu"))])
        #expect(state.handle(.character(" "), snapshot: snapshot) == [.post(.action(.stepEpoch))])
        // On the command line, > is text.
        _ = state.handle(.character(":"), snapshot: snapshot)
        #expect(state.handle(.character("<"), snapshot: snapshot) == [])
        #expect(state.model(snapshot: snapshot).commandLine?.text == "<")
        #expect(state.model(snapshot: snapshot).lesson?.page == 1)
    }
}
