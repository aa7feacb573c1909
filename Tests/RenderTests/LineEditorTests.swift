import Testing
@testable import Render

@Suite struct LineEditorTests {
    @Test func insertAndMove() {
        var editor = LineEditor()
        editor.insert("train 10")
        editor.moveHome()
        editor.insert(":")
        #expect(editor.text == ":train 10")
        #expect(editor.cursor == 1)
        editor.moveEnd()
        editor.moveLeft()
        editor.deleteBackward()
        #expect(editor.text == ":train 0")
        editor.deleteForward()
        #expect(editor.text == ":train ")
        editor.deleteForward()
        editor.moveRight()
        #expect(editor.cursor == editor.characters.count)
        editor.insert("a\u{7}b")
        #expect(editor.text == ":train ab")
    }

    @Test func killOperations() {
        var editor = LineEditor("set lr 0.1  ")
        editor.killWordBackward()
        #expect(editor.text == "set lr ")
        editor.moveWordLeft()
        #expect(editor.cursor == 4)
        editor.killToEnd()
        #expect(editor.text == "set ")
        editor.moveHome()
        editor.moveWordRight()
        #expect(editor.cursor == 3)
        editor.killToStart()
        #expect(editor.text == " ")
        #expect(editor.cursor == 0)
        editor.deleteBackward()
        editor.killWordBackward()
        #expect(editor.text == " ")
        editor.setText("x")
        #expect(editor.cursor == 1)
        editor.clear()
        #expect(editor.isEmpty)
    }

    @Test func textInputScrollsToKeepTheCursorVisible() {
        var editor = LineEditor("abcdefghij")
        let input = TextInput(prompt: ">", editor: editor)
        let buffer = rendered(input, width: 6, height: 1)
        #expect(buffer.lines() == [">ghij "])
        #expect(input.cursorColumn(in: buffer.area) == 5)
        #expect(buffer[5, 0].attributes.contains(.reverse))
        editor.moveHome()
        let start = TextInput(prompt: ">", editor: editor)
        #expect(rendered(start, width: 6, height: 1).lines() == [">abcde"])
        #expect(start.cursorColumn(in: Rect(x: 0, y: 0, width: 6, height: 1)) == 1)
        #expect(TextInput(prompt: "long", editor: editor).cursorColumn(in: Rect(x: 0, y: 0, width: 3, height: 1)) == nil)
    }
}
