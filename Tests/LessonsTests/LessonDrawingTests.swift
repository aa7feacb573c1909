import App
import Commands
import Foundation
import Lessons
import NeuralNetwork
import Render
import Testing

/// The lessons' drawings as the screen shows them with the lesson pane, compared whole with
/// Tests/LessonsTests/Golden/drawing-NAME-LANG-WxH.txt (NNSCOPE_UPDATE_GOLDEN=1 rewrites them), in
/// both languages at 80x24 and 120x40.
@Suite struct LessonDrawingTests {
    static func lesson(_ drawing: LessonDrawing, _ language: LessonLanguage) -> Lesson {
        let pane: LessonPanePosition = drawing == .contributions ? .bottom : .top
        let text = language == .en ? "A page with a drawing." : "带图的一页。"
        return Lesson(name: "demo", language: language, title: language == .en ? "Drawings" : "图", order: 1, requires: [],
                      check: LessonCheckSpec(name: "activations"),
                      pages: [LessonPage(title: drawing.rawValue, paragraphs: [text], commands: [], steps: [], line: 1, pane: pane, drawing: drawing)],
                      path: "demo.\(language.rawValue).lesson")
    }

    /// The screen with `drawing`'s page open over a run prepared by `lines`.
    static func screen(_ drawing: LessonDrawing, _ language: LessonLanguage, width: Int, height: Int, lines: [String]) throws -> [String] {
        let interpreter = Interpreter(experiment: try Experiment(configuration: TrainingConfiguration()))
        for line in lines {
            let result = interpreter.execute(line: line)
            #expect(!result.isError, "\(line): \(result.lines)")
        }
        var model = ScreenModel(snapshot: Snapshot.capture(interpreter.experiment, version: 1, grid: Screen.dataGrid(width: width, height: height)))
        var session = LessonSession(lesson: lesson(drawing, language))
        _ = session.start()
        model.lesson = session
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: .plain)
        return buffer.lines()
    }

    func expectGolden(_ lines: [String], _ name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
        let text = lines.joined(separator: "\n") + "\n"
        if ProcessInfo.processInfo.environment["NNSCOPE_UPDATE_GOLDEN"] == "1" {
            try text.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        #expect(expectedLines.count == lines.count, "\(name): \(lines.count) lines, golden has \(expectedLines.count)", sourceLocation: sourceLocation)
        for (row, (got, want)) in zip(lines, expectedLines).enumerated() where got != want {
            Issue.record("\(name) line \(row):\n got  |\(got)|\n want |\(want)|", sourceLocation: sourceLocation)
        }
    }

    static let sizes = [(80, 24), (120, 40)]

    @Test(arguments: [LessonDrawing.tanhIdentity, .swishBeta, .zigzag], LessonLanguage.allCases)
    func activationDrawings(drawing: LessonDrawing, language: LessonLanguage) throws {
        for (width, height) in Self.sizes {
            let lines = try Self.screen(drawing, language, width: width, height: height, lines: ["dataset xor:points=40"])
            try expectGolden(lines, "drawing-\(drawing.rawValue)-\(language.rawValue)-\(width)x\(height)")
            #expect(lines.allSatisfy { CharacterWidth.of($0) == width })
        }
    }

    /// Under a bottom pane the contributions take the loss panel's place; the data panel's fit
    /// stays beside them.
    @Test(arguments: LessonLanguage.allCases)
    func contributions(language: LessonLanguage) throws {
        for (width, height) in Self.sizes {
            let lines = try Self.screen(.contributions, language, width: width, height: height,
                                        lines: ["dataset sine", "set layers 4", "set activation tanh", "set optimizer adam", "set lr 0.01", "step 60"])
            try expectGolden(lines, "drawing-contributions-\(language.rawValue)-\(width)x\(height)")
            #expect(lines[0].contains(language == .en ? "4 tanh units" : "4 个 tanh 单元"))
            #expect(lines[0].contains("Data: sine"))
        }
    }

    /// A network the contributions do not apply to gets a sentence saying what they need.
    @Test func contributionsOfAnotherNetworkSayWhatTheyNeed() throws {
        let lines = try Self.screen(.contributions, .en, width: 80, height: 24, lines: ["dataset sine", "set layers 4,4"])
        #expect(lines.joined().contains("Contributions are drawn for one hidden"))
        #expect(lines[0].contains("Hidden units' contributions"))
    }
}
