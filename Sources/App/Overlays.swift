import Lessons
import Render

/// The help overlay: keys and commands in a centred box.
struct HelpOverlay: Widget {
    var isReplay: Bool
    var returnsToTraining = false
    /// The open lesson's words: its keys come first, in its language.
    var lesson: LessonStrings?

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        let lessonLines = lesson.map(KeyHelp.lessonLines) ?? []
        let language = lesson?.language ?? .en
        let full = lessonLines + KeyHelp.lines(isReplay: isReplay, returnsToTraining: returnsToTraining, language: language)
        let width = min(area.width - 2, max(40, (full.map { CharacterWidth.of($0) }.max() ?? 0) + 4))
        // Wrapped to the box (inside its frame and margins), never cut at the right edge.
        let lines = lessonLines + KeyHelp.lines(isReplay: isReplay, returnsToTraining: returnsToTraining, language: language, width: width - 4)
        let height = min(area.height - 2, lines.count + 2)
        guard width > 4, height > 2 else { return }
        let box = Rect(x: area.x + (area.width - width) / 2, y: area.y + (area.height - height) / 2, width: width, height: height)
        buffer.fill(box)
        let block = Block(title: KeyHelp.translated("Help", lesson?.language ?? .en),
                          footer: KeyHelp.overlayFooter(isReplay: isReplay, returnsToTraining: returnsToTraining, language: language),
                          titleRole: .highlight)
        block.render(in: box, buffer: &buffer, theme: theme)
        let inner = block.inner(box).inner(horizontal: 1, vertical: 0)
        var shown = Array(lines.prefix(inner.height))
        if lines.count > shown.count, !shown.isEmpty {
            shown[shown.count - 1] = KeyHelp.translated("  ... more: a taller terminal, or :help", lesson?.language ?? .en)
        }
        for (index, line) in shown.enumerated() {
            let isHeading = !line.hasPrefix(" ") && !line.isEmpty
            buffer.write(line, in: Rect(x: inner.x, y: inner.y + index, width: inner.width, height: 1),
                         style: theme.style(isHeading ? .title : .text))
        }
    }
}

/// The output of a command that printed several lines, in a box above the status bar; the last
/// lines are shown when they do not all fit. Any key closes it (Esc does nothing else).
struct OutputBox: Widget {
    var message: ScreenModel.Message

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        // Up to three quarters of the panels: a graph report or a help page needs the room.
        let height = min(message.lines.count + 2, max(3, area.height * 3 / 4))
        guard area.height >= 3, area.width >= 4 else { return }
        let box = Rect(x: area.x, y: area.bottom - height, width: area.width, height: height)
        buffer.fill(box)
        let block = Block(title: message.isError ? "Error" : "Output", footer: "Esc closes")
        block.render(in: box, buffer: &buffer, theme: theme)
        let inner = block.inner(box)
        for (index, line) in message.lines.suffix(inner.height).enumerated() {
            buffer.write(line, in: Rect(x: inner.x, y: inner.y + index, width: inner.width, height: 1),
                         style: theme.style(message.isError ? .danger : .text))
        }
    }
}

/// The last line: the command line while typing, a question, the latest message, or the keys' hint line.
struct BottomLine: Widget {
    var model: ScreenModel

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        if let commandLine = model.commandLine {
            var editor = LineEditor(commandLine.text)
            for _ in 0..<max(0, commandLine.text.count - commandLine.cursor) { editor.moveLeft() }
            TextInput(prompt: ":", editor: editor).render(in: area, buffer: &buffer, theme: theme)
        } else if let question = model.question {
            let fits = CharacterWidth.of(question) <= area.width
            buffer.write(fits ? question : "answer the question above: y, n or Esc", in: area, style: theme.style(.highlight))
        } else if let message = model.message, let last = message.lines.last {
            buffer.write(last, in: area, style: theme.style(message.isError ? .danger : .text))
        } else if let lesson = model.lesson, model.mode == .live {
            buffer.write(lesson.isVisible ? lesson.strings.keyLine : lesson.strings.hiddenHint, in: area, style: theme.style(.muted))
        } else {
            buffer.write(KeyHelp.bottomHint(mode: model.mode), in: area, style: theme.style(.muted))
        }
    }
}
