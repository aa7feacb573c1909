import App
import Commands
import Foundation
import Lessons
import NeuralNetwork
import Render
import Terminal
import Testing

/// The lesson pane drawn by the whole screen, compared row by row over the pane's area (the top
/// half of the panels), in both languages at 80x24 and 120x40.
@Suite struct LessonPaneTests {
    static func lesson(_ language: LessonLanguage) -> Lesson {
        switch language {
        case .en:
            return Lesson(name: "demo", language: .en, title: "Vanishing gradients", order: 1, requires: [],
                          check: LessonCheckSpec(name: "vanishing"), pages: [
                LessonPage(title: "Ten logistic layers", paragraphs: [
                    "Backpropagation multiplies the error term delta by f'(z) once per layer; logistic's derivative is at most 0.25, so the first layers barely learn.",
                    "Second paragraph.",
                ], commands: ["set activation logistic"], steps: ["Press space five times and watch layer 1's bar."], line: 1),
                LessonPage(title: "ReLU", paragraphs: ["ReLU keeps delta's size."], commands: ["set activation relu"], steps: [], line: 2),
            ], path: "demo.en.lesson")
        case .zh:
            return Lesson(name: "demo", language: .zh, title: "梯度消失", order: 1, requires: [],
                          check: LessonCheckSpec(name: "vanishing"), pages: [
                LessonPage(title: "十层 logistic", paragraphs: [
                    "反向传播每经过一层，误差项 δ 就要乘一次 f′(z)。logistic 的导数最大只有 0.25，前面几层几乎学不到东西，这就是梯度消失。",
                    "第二段。",
                ], commands: ["set activation logistic"], steps: ["按五次空格，观察第 1 层的条。"], line: 1),
                LessonPage(title: "ReLU", paragraphs: ["ReLU 保持 δ 的大小。"], commands: ["set activation relu"], steps: [], line: 2),
            ], path: "demo.zh.lesson")
        }
    }

    static func screen(_ session: LessonSession, width: Int, height: Int, theme: Theme = .plain) throws -> [String] {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        let experiment = try Experiment(configuration: configuration)
        var model = ScreenModel(snapshot: Snapshot.capture(experiment, version: 1, grid: Screen.dataGrid(width: width, height: height)))
        model.lesson = session
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: theme)
        return buffer.lines()
    }

    /// The pane's rows: the top half of the panels (everything above the status bar).
    static func paneRows(_ lines: [String], height: Int) -> [String] {
        Array(lines.prefix((height - 2) / 2))
    }

    @Test func enAt80x24() throws {
        var session = LessonSession(lesson: Self.lesson(.en))
        _ = session.start()
        let screen = try Self.screen(session, width: 80, height: 24)
        #expect(Self.paneRows(screen, height: 24) == [
            "+ Lesson: Vanishing gradients · Ten logistic layers ---------------------------+",
            "| Backpropagation multiplies the error term delta by f'(z) once per layer;     |",
            "| logistic's derivative is at most 0.25, so the first layers barely learn.     |",
            "|                                                                              |",
            "| Second paragraph.                                                            |",
            "|                                                                              |",
            "| ▸ Press space five times and watch layer 1's bar.                            |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "+-------------------------------------------- page 1/2  > next  < back  x hide +",
        ])
        #expect(screen.last == "> next  < back  x hide  space step  r run  : command  ? help  q quit            ")
        _ = session.handle(.character(">"))
        #expect(Self.paneRows(try Self.screen(session, width: 80, height: 24), height: 24) == [
            "+ Lesson: Vanishing gradients · ReLU ------------------------------------------+",
            "| ReLU keeps delta's size.                                                     |",
            "|                                                                              |",
            "| the end: x hides the lesson, the run goes on                                 |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "+-------------------------------------------- page 2/2  > next  < back  x hide +",
        ])
    }

    @Test func enAt120x40() throws {
        var session = LessonSession(lesson: Self.lesson(.en))
        _ = session.start()
        let screen = try Self.screen(session, width: 120, height: 40)
        #expect(Self.paneRows(screen, height: 40) == [
            "+ Lesson: Vanishing gradients · Ten logistic layers -------------------------------------------------------------------+",
            "| Backpropagation multiplies the error term delta by f'(z) once per layer; logistic's derivative is at most 0.25, so   |",
            "| the first layers barely learn.                                                                                       |",
            "|                                                                                                                      |",
            "| Second paragraph.                                                                                                    |",
            "|                                                                                                                      |",
            "| ▸ Press space five times and watch layer 1's bar.                                                                    |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "+------------------------------------------------------------------------------------ page 1/2  > next  < back  x hide +",
        ])
        #expect(screen.last == "> next  < back  x hide  space step  r run  : command  ? help  q quit                                                    ")
        _ = session.handle(.character(">"))
        #expect(Self.paneRows(try Self.screen(session, width: 120, height: 40), height: 40) == [
            "+ Lesson: Vanishing gradients · ReLU ----------------------------------------------------------------------------------+",
            "| ReLU keeps delta's size.                                                                                             |",
            "|                                                                                                                      |",
            "| the end: x hides the lesson, the run goes on                                                                         |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "+------------------------------------------------------------------------------------ page 2/2  > next  < back  x hide +",
        ])
    }

    @Test func zhAt80x24() throws {
        var session = LessonSession(lesson: Self.lesson(.zh))
        _ = session.start()
        let screen = try Self.screen(session, width: 80, height: 24)
        #expect(Self.paneRows(screen, height: 24) == [
            "+ 课程: 梯度消失 · 十层 logistic ----------------------------------------------+",
            "| 反向传播每经过一层，误差项 δ 就要乘一次 f′(z)。logistic 的导数最大只有       |",
            "| 0.25，前面几层几乎学不到东西，这就是梯度消失。                               |",
            "|                                                                              |",
            "| 第二段。                                                                     |",
            "|                                                                              |",
            "| ▸ 按五次空格，观察第 1 层的条。                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "+------------------------------------------ 页 1/2  > 下一页  < 上一页  x 隐藏 +",
        ])
        #expect(screen.last == "> 下一页  < 上一页  x 隐藏  空格 训练一轮  r 运行  : 命令  ? 帮助  q 退出       ")
        _ = session.handle(.character(">"))
        #expect(Self.paneRows(try Self.screen(session, width: 80, height: 24), height: 24) == [
            "+ 课程: 梯度消失 · ReLU -------------------------------------------------------+",
            "| ReLU 保持 δ 的大小。                                                         |",
            "|                                                                              |",
            "| 课程结束：按 x 隐藏课程，训练继续                                            |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "|                                                                              |",
            "+------------------------------------------ 页 2/2  > 下一页  < 上一页  x 隐藏 +",
        ])
    }

    @Test func zhAt120x40() throws {
        var session = LessonSession(lesson: Self.lesson(.zh))
        _ = session.start()
        let screen = try Self.screen(session, width: 120, height: 40)
        #expect(Self.paneRows(screen, height: 40) == [
            "+ 课程: 梯度消失 · 十层 logistic --------------------------------------------------------------------------------------+",
            "| 反向传播每经过一层，误差项 δ 就要乘一次 f′(z)。logistic 的导数最大只有 0.25，前面几层几乎学不到东西，这就是梯度消    |",
            "| 失。                                                                                                                 |",
            "|                                                                                                                      |",
            "| 第二段。                                                                                                             |",
            "|                                                                                                                      |",
            "| ▸ 按五次空格，观察第 1 层的条。                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "+---------------------------------------------------------------------------------- 页 1/2  > 下一页  < 上一页  x 隐藏 +",
        ])
        #expect(screen.last == "> 下一页  < 上一页  x 隐藏  空格 训练一轮  r 运行  : 命令  ? 帮助  q 退出                                               ")
        _ = session.handle(.character(">"))
        #expect(Self.paneRows(try Self.screen(session, width: 120, height: 40), height: 40) == [
            "+ 课程: 梯度消失 · ReLU -----------------------------------------------------------------------------------------------+",
            "| ReLU 保持 δ 的大小。                                                                                                 |",
            "|                                                                                                                      |",
            "| 课程结束：按 x 隐藏课程，训练继续                                                                                    |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "|                                                                                                                      |",
            "+---------------------------------------------------------------------------------- 页 2/2  > 下一页  < 上一页  x 隐藏 +",
        ])
    }
}

/// The help overlay with a lesson open: the lesson's keys first, in its language; in Chinese the
/// key descriptions too, aligned by display width.
@Suite struct LessonHelpTests {
    static func help(_ language: LessonLanguage) throws -> [String] {
        var configuration = TrainingConfiguration()
        try configuration.set("dataset", "xor:points=40")
        let experiment = try Experiment(configuration: configuration)
        var model = ScreenModel(snapshot: Snapshot.capture(experiment, version: 1, grid: Screen.dataGrid(width: 120, height: 40)), showsHelp: true)
        model.lesson = LessonSession(lesson: LessonPaneTests.lesson(language))
        var buffer = Buffer(width: 120, height: 40)
        Screen.render(model: model, into: &buffer, theme: .plain)
        return buffer.lines()
    }

    @Test func chineseHelpListsTheLessonKeysAndTranslatesTheOthers() throws {
        let lines = try Self.help(.zh)
        #expect(lines.contains { $0.contains(" 帮助 ") })
        #expect(lines.contains { $0.contains("| 课程") })
        #expect(lines.contains { $0.contains("  >  下一页（运行该页的命令）") })
        #expect(lines.contains { $0.contains("  x  隐藏 / 显示课程（训练继续）") })
        #expect(lines.contains { $0.contains("训练一轮") })
        #expect(lines.contains { $0.contains("按键") })
        #expect(!lines.contains { $0.contains("train one epoch") })
        // Every row of the overlay keeps its right border in place: display width is counted.
        let boxRows = lines.filter { $0.contains("训练一轮") || $0.contains("下一页（") }
        let widths = Set(boxRows.map { CharacterWidth.of($0) })
        #expect(widths == [120])
    }

    @Test func englishHelpListsTheLessonKeys() throws {
        let lines = try Self.help(.en)
        #expect(lines.contains { $0.contains("  >  next page (runs its command lines)") })
        #expect(lines.contains { $0.contains("train one epoch") })
    }
}

@Suite struct LessonPanePositionTests {
    @Test func aPageCanPutThePaneOverTheBottomHalf() throws {
        var lesson = LessonPaneTests.lesson(.en)
        lesson.pages[0].pane = .bottom
        let lines = try LessonPaneTests.screen(LessonSession(lesson: lesson), width: 80, height: 24)
        #expect(lines[0].hasPrefix("+ Loss"))
        #expect(lines[11].hasPrefix("+ Lesson: Vanishing gradients · Ten logistic layers "))
        #expect(lines[21].hasSuffix(" page 1/2  > next  < back  x hide +"))
    }
}
