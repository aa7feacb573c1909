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
        #expect(screen.last == "> next page  < back  x hide lesson  space step  r run  : command  ? help  q quit")
        _ = session.handle(">")
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
        #expect(screen.last == "> next page  < back  x hide lesson  space step  r run  : command  ? help  q quit                                        ")
        _ = session.handle(">")
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
        #expect(screen.last == "> 下一页  < 上一页  x 隐藏课程  空格 训练一轮  r 运行  : 命令  ? 帮助  q 退出   ")
        _ = session.handle(">")
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
        #expect(screen.last == "> 下一页  < 上一页  x 隐藏课程  空格 训练一轮  r 运行  : 命令  ? 帮助  q 退出                                           ")
        _ = session.handle(">")
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
