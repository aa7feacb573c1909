import Testing
@testable import Render

@Suite struct BufferTests {
    @Test func writeClipsAtTheAreaEdge() {
        var buffer = Buffer(width: 6, height: 2)
        let end = buffer.write("abcdefgh", x: 1, y: 0, clip: Rect(x: 0, y: 0, width: 4, height: 1))
        #expect(buffer.lines() == [" abc  ", "      "])
        #expect(end == 4)
        buffer.write("xyz", x: -1, y: 1)
        #expect(buffer.lines()[1] == "yz    ")
    }

    @Test func writingOutsideTheBufferIsIgnored() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.write("abc", x: 0, y: 5)
        buffer.set(x: -1, y: 0, cell: Cell("x"))
        buffer.set(x: 3, y: 0, cell: Cell("x"))
        #expect(buffer.lines() == ["   "])
        #expect(buffer[10, 10] == .blank)
    }

    @Test func wideCharactersTakeTwoCells() {
        var buffer = Buffer(width: 6, height: 1)
        let end = buffer.write("a日b", x: 0, y: 0)
        #expect(end == 4)
        #expect(buffer.lines() == ["a日b  "])
        #expect(buffer[2, 0].isContinuation)
        #expect(CharacterWidth.of("日本") == 4)
        #expect(CharacterWidth.of(Character("😀")) == 2)
        #expect(CharacterWidth.of(Character("⠁")) == 1)
    }

    @Test func wideCharacterThatDoesNotFitIsNotDrawn() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.write("ab日", x: 0, y: 0)
        #expect(buffer.lines() == ["ab "])
    }

    @Test func overwritingHalfOfAWideCharacterBlanksTheOtherHalf() {
        var buffer = Buffer(width: 4, height: 1)
        buffer.write("日本", x: 0, y: 0)
        buffer.set(x: 1, y: 0, cell: Cell("x"))
        #expect(buffer.lines() == [" x本"])
        buffer.set(x: 2, y: 0, cell: Cell("y"))
        #expect(buffer.lines() == [" xy "])
    }

    @Test func controlCharactersBecomeSpaces() {
        var buffer = Buffer(width: 5, height: 1)
        buffer.write("a\nb\tc", x: 0, y: 0)
        #expect(buffer.lines() == ["a b c"])
    }

    @Test func initFromLinesPadsToTheWidestLine() {
        let buffer = Buffer(lines: ["ab", "abcd", ""])
        #expect(buffer.width == 4)
        #expect(buffer.height == 3)
        #expect(buffer.lines() == ["ab  ", "abcd", "    "])
        #expect(buffer.description.contains("\"ab  \""))
    }

    @Test func stylesArePatchedAndDifferencesReported() {
        var buffer = Buffer(width: 3, height: 1)
        buffer.setStyle(Style(background: .blue), in: buffer.area)
        buffer.write("x", x: 1, y: 0, style: Style(foreground: .red, attributes: .bold))
        #expect(buffer[1, 0].style == Style(foreground: .red, background: .blue, attributes: .bold))
        #expect(buffer[0, 0].background == .blue)
        let plain = Buffer(lines: [" x "])
        #expect(buffer.lines() == plain.lines())
        #expect(buffer.differences(from: plain).count == 3)
    }

    @Test func negativeSizesBecomeEmpty() {
        let buffer = Buffer(width: -3, height: 2)
        #expect(buffer.width == 0)
        #expect(buffer.lines() == ["", ""])
    }
}
