import Foundation
import Testing
@testable import Lessons

@Suite struct LessonParserTests {
    static let sample = """
        # a comment
        lesson: demo
        title: A demo
        order: 3
        requires: graph, activations
        check: vanishing depth=4 relu-above=0.2

        page: First
        One line
        continues here.

        Second paragraph.
        > set activation tanh
        * press space
        page: Second
        pane: bottom
        drawing: contributions
        Text.
        """

    @Test func readsHeaderPagesCommandsAndSteps() throws {
        let lesson = try LessonParser.parse(Self.sample, path: "x/demo.en.lesson")
        #expect(lesson.name == "demo")
        #expect(lesson.language == .en)
        #expect(lesson.title == "A demo")
        #expect(lesson.order == 3)
        #expect(lesson.requires == ["graph", "activations"])
        #expect(lesson.check == LessonCheckSpec(name: "vanishing", parameters: ["depth": "4", "relu-above": "0.2"]))
        #expect(lesson.pages.count == 2)
        #expect(lesson.pages[0].paragraphs == ["One line continues here.", "Second paragraph."])
        #expect(lesson.pages[0].commands == ["set activation tanh"])
        #expect(lesson.pages[0].steps == ["press space"])
        #expect(lesson.pages[0].line == 8)
        #expect(lesson.pages[1].paragraphs == ["Text."])
        #expect(lesson.pages[0].pane == .top)
        #expect(lesson.pages[1].pane == .bottom)
        #expect(lesson.pages[0].drawing == nil)
        #expect(lesson.pages[1].drawing == .contributions)
    }

    func error(_ text: String, path: String = "d/demo.en.lesson") -> String? {
        do { _ = try LessonParser.parse(text, path: path); return nil } catch { return error.description }
    }

    @Test func errorsNameTheFileAndLine() {
        #expect(error("lesson: demo\ncolour: red\n") == "d/demo.en.lesson:2: unknown header key 'colour': use one of lesson, title, order, requires, check")
        #expect(error("lesson: demo\njust words\n") == "d/demo.en.lesson:2: expected 'KEY: VALUE' (one of lesson, title, order, requires, check) or 'page: TITLE', got 'just words'")
        #expect(error("lesson: other\ntitle: t\norder: 1\ncheck: neuron\npage: p\ntext\n") == "d/demo.en.lesson:1: 'lesson: other' does not match the file name 'demo'")
        #expect(error("lesson: demo\ntitle: t\norder: one\ncheck: neuron\npage: p\ntext\n") == "d/demo.en.lesson:3: 'order: one' is not a whole number")
        #expect(error("lesson: demo\ntitle: t\norder: 1\ncheck: neuron\npage: p\n> step\npage: q\ntext\n") == "d/demo.en.lesson:5: page 'p' has no text")
        #expect(error("lesson: demo\ntitle: t\norder: 1\ncheck: neuron depth\npage: p\ntext\n") == "d/demo.en.lesson:4: check parameter 'depth' is not KEY=VALUE")
        #expect(error("lesson: demo\ntitle: t\norder: 1\npage: p\ntext\n") == "d/demo.en.lesson:1: the header has no 'check:' line")
        #expect(error("lesson: demo\ntitle: t\ntitle: u\n") == "d/demo.en.lesson:3: 'title' is given twice")
        #expect(error("lesson: demo\ntitle: t\norder: 1\ncheck: neuron\npage: p\npane: left\ntext\n") == "d/demo.en.lesson:6: 'pane: left': use one of top, bottom")
        #expect(error("lesson: demo\ntitle: t\norder: 1\ncheck: neuron\npage: p\ndrawing: sine\ntext\n") == "d/demo.en.lesson:6: 'drawing: sine': use one of tanh-identity, swish-beta, zigzag, contributions")
        #expect(error("lesson: demo\ntitle: t\norder: 1\ncheck: neuron\npage: p\ndrawing: zigzag\ndrawing: zigzag\ntext\n") == "d/demo.en.lesson:7: a page has at most one 'drawing:'")
        #expect(error("x", path: "d/demo.fr.lesson") == "d/demo.fr.lesson: unknown language 'fr' in the file name: use one of en, zh")
        #expect(error("x", path: "d/demo.txt") == "d/demo.txt: a lesson file is named NAME.LANG.lesson (e.g. vanishing.zh.lesson)")
    }

    @Test func languageFollowsLCAllThenLCMessagesThenLang() {
        #expect(LessonLanguage.fromEnvironment([:]) == .en)
        #expect(LessonLanguage.fromEnvironment(["LANG": "zh_CN.UTF-8"]) == .zh)
        #expect(LessonLanguage.fromEnvironment(["LANG": "C.UTF-8"]) == .en)
        #expect(LessonLanguage.fromEnvironment(["LC_ALL": "C", "LANG": "zh_CN.UTF-8"]) == .en)
        #expect(LessonLanguage.fromEnvironment(["LC_ALL": "", "LC_MESSAGES": "zh_TW", "LANG": "en_US"]) == .zh)
    }
}
