import Foundation
import Lessons
import Terminal
import Testing
@testable import App

/// Every key a test presses when it checks that the keys a context handles are its table's.
let everyKey: [Key] = (32...126).map { Key.character(Character(Unicode.Scalar($0)!)) } + [
    .character("é"), .character("中"), .enter, .escape, .backspace, .tab, .backTab, .up, .down, .left, .right,
    .pageUp, .pageDown, .home, .end, .delete, .insert, .function(1), .ctrl("a"), .ctrl("w"),
]

/// Every context's rows, as plain (label, summary, hint, keys) for the checks every table shares.
struct AnyKeyTable {
    var name: String
    var rows: [(label: String, summary: String, hint: String?, keys: [Key])]

    init<Command>(_ table: KeyTable<Command>) {
        name = table.name
        rows = table.rows.map { ($0.label, $0.summary, $0.hint, $0.bindings.map(\.key)) }
    }

    static let all: [AnyKeyTable] = [
        AnyKeyTable(KeyMap.live), AnyKeyTable(KeyMap.helpOverlay),
        AnyKeyTable(ReplayKeys.standalone), AnyKeyTable(ReplayKeys.fromTraining), AnyKeyTable(ReplayKeys.goTo),
        AnyKeyTable(ReplayKeys.helpOverlay(returnsToTraining: false)), AnyKeyTable(ReplayKeys.helpOverlay(returnsToTraining: true)),
        AnyKeyTable(InsideKeys.views), AnyKeyTable(InsideKeys.network(replay: false)), AnyKeyTable(InsideKeys.network(replay: true)),
        AnyKeyTable(InsideKeys.inspector(replay: false)), AnyKeyTable(InsideKeys.inspector(replay: true)),
        AnyKeyTable(LessonSession.keys),
    ]
}

@Suite("Key tables: one declaration per context, checked, translated")
struct KeyTablesTests {
    @Test("a key bound twice in one table is refused when the table is built")
    func duplicatesRefused() {
        let rows: [KeyRow<LessonKeyCommand>] = [
            KeyRow(">", "next page", [(.character(">"), .nextPage)]),
            KeyRow("> / <", "back", [(.character("<"), .previousPage), (.character(">"), .previousPage)]),
        ]
        #expect(throws: KeyTable<LessonKeyCommand>.DuplicateKey(table: "test", key: .character(">"))) {
            try KeyTable(checking: "test", rows)
        }
        #expect((try? KeyTable(checking: "test", Array(rows.prefix(1)))) != nil)
    }

    @Test("no table binds a key twice; every row but the click row has keys")
    func everyTableChecked() {
        for table in AnyKeyTable.all {
            let keys = table.rows.flatMap(\.keys)
            #expect(Set(keys).count == keys.count, "\(table.name)")
            for row in table.rows where row.keys.isEmpty {
                #expect(row.label == "click", "\(table.name): \(row.label) has no keys")
            }
        }
    }

    @Test("every row of every table has a Chinese summary and hint word")
    func everyRowTranslated() {
        for table in AnyKeyTable.all {
            for row in table.rows {
                #expect(KeyHelp.chinese[row.summary] != nil, "\(table.name): \(row.summary)")
                if let hint = row.hint, !hint.isEmpty, Int(hint) == nil {
                    #expect(KeyHelp.chinese[hint] != nil, "\(table.name): hint \(hint)")
                }
            }
        }
        #expect(KeyHelp.hintLine(LessonSession.keys, language: .zh) == "> 下一页  < 上一页  x 隐藏")
    }

    @Test("the hint lines and the go-to prompt are the rows' words")
    func hintLines() {
        #expect(KeyHelp.hintLine(KeyMap.live) == "space step  b batch  r run  a/A activation  +/- lr  : command  ? help  q quit")
        #expect(KeyHelp.hintLine(ReplayKeys.standalone) == "<-/-> epoch  PgUp/PgDn 10  Home/End  space play  [/] speed  ? help  q quit")
        #expect(KeyHelp.hintLine(ReplayKeys.fromTraining).hasSuffix("? help  q/Esc back to training"))
        var controller = ReplayController(frameCount: 3, source: "s")
        _ = controller.handle(.character(":"))
        #expect(controller.goToPrompt == "go to epoch: _   (Enter goes there, Esc cancels)")
        #expect(LessonStrings.of(.en).keyLine == "> next  < back  x hide  space step  r run  : command  ? help  q quit")
        #expect(LessonStrings.of(.zh).keyLine == "> 下一页  < 上一页  x 隐藏  空格 训练一轮  r 运行  : 命令  ? 帮助  q 退出")
    }
}

@Suite("Replay keys: each row does what it says, and no other key does anything")
struct ReplayKeyTests {
    /// A replay of 30 frames at frame 10.
    static func controller(returnsToTraining: Bool = false) -> ReplayController {
        var controller = ReplayController(frameCount: 30, source: "s.jsonl", returnsToTraining: returnsToTraining)
        for _ in 0..<10 { _ = controller.handle(.right) }
        _ = controller.handle(.insert)  // bound to nothing: clears `lastCommand`
        return controller
    }

    @Test("every binding of the replay's table", arguments: [false, true])
    func replayRows(returnsToTraining: Bool) {
        let table = ReplayKeys.table(returnsToTraining: returnsToTraining)
        for row in table.rows {
            for (key, command) in row.bindings {
                var controller = Self.controller(returnsToTraining: returnsToTraining)
                let before = controller
                let leaves = controller.handle(key)
                #expect(controller.lastCommand == command, "\(key)")
                #expect(leaves == (command == .leave), "\(key)")
                switch command {
                case let .move(by: offset): #expect(controller.frame == 10 + offset)
                case .first: #expect(controller.frame == 0)
                case .last: #expect(controller.frame == 29)
                case .togglePlay: #expect(controller.isPlaying)
                case .slower: #expect(controller.speed < before.speed)
                case .faster: #expect(controller.speed > before.speed)
                case .toggleLogScale: #expect(controller.logScale)
                case .cycleLandscape: #expect(controller.landscapeDirections == .random)
                case .toggleSideBySide: #expect(controller.frame == 10 && !controller.showsHelp && controller.goToPrompt == nil)
                case let .goTo(text): #expect(controller.goToText == text)
                case .openHelp: #expect(controller.showsHelp)
                case .leave: break
                }
            }
        }
    }

    @Test("keys in no row of the replay's table change nothing", arguments: [false, true])
    func unboundReplayKeys(returnsToTraining: Bool) {
        let table = ReplayKeys.table(returnsToTraining: returnsToTraining)
        for key in everyKey where table.command(for: key) == nil {
            var controller = Self.controller(returnsToTraining: returnsToTraining)
            let before = controller
            let leaves = controller.handle(key)
            #expect(!leaves)
            #expect(controller == before, "\(key)")
        }
        #expect(ReplayKeys.standalone.command(for: .escape) == nil)
        #expect(ReplayKeys.fromTraining.command(for: .escape) == .leave)
    }

    @Test("the go-to prompt: every binding, and nothing else")
    func goToRows() {
        func prompt(_ typed: String) -> ReplayController {
            var controller = Self.controller()
            _ = controller.handle(.character(":"))
            for c in typed { _ = controller.handle(.character(c)) }
            return controller
        }
        for row in ReplayKeys.goTo.rows {
            for (key, command) in row.bindings {
                var controller = prompt("12")
                let leaves = controller.handle(key)
                #expect(!leaves)
                switch command {
                case let .digit(c): #expect(controller.goToText == "12" + String(c))
                case .erase: #expect(controller.goToText == "1")
                case .go: #expect(controller.goToText == nil && controller.requestedEpoch == 12)
                case .cancel: #expect(controller.goToText == nil && controller.requestedEpoch == nil && controller.frame == 10)
                case .refuse: #expect(controller.goToText == nil && controller.refusal == ReplayController.commandRefusal)
                }
            }
        }
        var full = prompt("123456789")
        _ = full.handle(.character("0"))
        #expect(full.goToText == "123456789")
        var empty = prompt("")
        _ = empty.handle(.backspace)
        #expect(empty.goToText == nil)
        for key in everyKey where ReplayKeys.goTo.command(for: key) == nil {
            var controller = prompt("12")
            let before = controller
            _ = controller.handle(key)
            #expect(controller == before, "\(key)")
        }
    }

    @Test("the replay's help overlay: its rows close it or leave; other keys leave it open", arguments: [false, true])
    func helpOverlay(returnsToTraining: Bool) {
        let table = ReplayKeys.helpOverlay(returnsToTraining: returnsToTraining)
        for key in everyKey {
            var controller = Self.controller(returnsToTraining: returnsToTraining)
            _ = controller.handle(.character("?"))
            let leaves = controller.handle(key)
            switch table.command(for: key) {
            case .close?: #expect(!leaves && !controller.showsHelp, "\(key)")
            case .leave?: #expect(leaves, "\(key)")
            case nil: #expect(!leaves && controller.showsHelp && controller.frame == 10, "\(key)")
            }
        }
    }
}

@Suite("Inside view keys: each row does what it says, and no other key is theirs")
struct InsideKeyTests {
    static let widths = [2, 4, 4, 3]

    static func state(_ view: InsideViewState.View) -> InsideViewState {
        var state = InsideViewState()
        state.view = view
        state.example = 5
        state.scroll = 20
        state.selection = NeuronSelection(layer: 1, unit: 1)
        return state
    }

    @Test("every binding of the views' tables", arguments: [false, true])
    func rows(replay: Bool) {
        let contexts: [(InsideViewState.View, KeyTable<InsideKeyCommand>)] = [
            (.overview, InsideKeys.views), (.network, InsideKeys.views), (.inspector, InsideKeys.views),
            (.network, InsideKeys.network(replay: replay)), (.inspector, InsideKeys.inspector(replay: replay)),
        ]
        for (view, table) in contexts {
            for row in table.rows {
                for (key, command) in row.bindings {
                    var state = Self.state(view)
                    if command == .close && view == .overview {
                        #expect(state.command(for: key, replay: replay) == nil)
                        continue
                    }
                    #expect(state.command(for: key, replay: replay) == command, "\(view) \(key)")
                    state.perform(command, trainCount: 10, layerWidths: Self.widths)
                    switch command {
                    case .toggleNetworkView: #expect(state.view == (view == .network ? .overview : .network))
                    case .toggleInspector: #expect(state.view == (view == .inspector ? .overview : .inspector) && state.scroll == 0)
                    case .close: #expect(state.view == .overview)
                    case .toggleDistributions: #expect(state.showsDistributions)
                    case .switchRun: #expect(state.showsRunB)
                    case .editSelectedNeuron: #expect(state == Self.state(view))
                    case let .moveNeuron(by: offset): #expect(state.selection == NeuronSelection(layer: 1, unit: 1 + offset))
                    case let .moveLayer(by: offset): #expect(state.selection.layer == 1 + offset)
                    case let .moveExample(by: offset): #expect(state.example == 5 + offset && state.scroll == 0)
                    case let .scroll(by: lines): #expect(state.scroll == 20 + lines)
                    }
                }
            }
        }
        #expect(InsideKeys.network(replay: true).command(for: .left) == nil)
        #expect(InsideKeys.network(replay: false).command(for: .left) == .moveLayer(by: -1))
    }

    @Test("keys in none of a view's rows are not the views'", arguments: [false, true])
    func unbound(replay: Bool) {
        let views: [(InsideViewState.View, KeyTable<InsideKeyCommand>?)] = [
            (.overview, nil), (.network, InsideKeys.network(replay: replay)), (.inspector, InsideKeys.inspector(replay: replay)),
        ]
        for (view, own) in views {
            for key in everyKey where InsideKeys.views.command(for: key) == nil && own?.command(for: key) == nil {
                #expect(Self.state(view).command(for: key, replay: replay) == nil, "\(view) \(key)")
            }
        }
    }
}

@Suite("Lesson keys: each row does what it says, and no other key is the lesson's")
struct LessonKeyTests {
    static let lesson = Lesson(name: "t", language: .en, title: "T", order: 1, requires: [], check: LessonCheckSpec(name: "none"), pages: [
        LessonPage(title: "one", paragraphs: ["a"], commands: ["set lr 0.1"], steps: [], line: 1),
        LessonPage(title: "two", paragraphs: ["b"], commands: ["set lr 0.2"], steps: [], line: 2),
    ], path: "t.en.lesson")

    @Test func rows() throws {
        for row in LessonSession.keys.rows {
            for (key, command) in row.bindings {
                var session = LessonSession(lesson: Self.lesson)
                _ = session.start()
                let lines = session.handle(key)
                switch command {
                case .nextPage: #expect(lines == ["set lr 0.2"] && session.page == 1)
                case .previousPage: #expect(lines == [] && session.page == 0)
                case .toggleVisibility: #expect(lines == [] && !session.isVisible)
                }
            }
        }
        for key in everyKey where LessonSession.keys.command(for: key) == nil {
            var session = LessonSession(lesson: Self.lesson)
            #expect(session.handle(key) == nil, "\(key)")
            #expect(session == LessonSession(lesson: Self.lesson))
        }
    }
}
