import Lessons
import Render

/// The lesson pane: the lesson's title, the page's text wrapped by display width (a Chinese
/// character takes two columns), its steps, and the page number and keys in the bottom border.
/// Text that does not fit is cut at the last row with "…"; steps are kept in view first.
struct LessonPane: Widget {
    var session: LessonSession

    /// The pane covers the top half of the panels (the loss and data panels) or, on a page that
    /// says `pane: bottom`, the bottom half (activation or landscape, and gradients).
    static func area(in areas: Screen.Areas, position: LessonPanePosition) -> Rect {
        switch position {
        case .top: return Rect(x: areas.panels.x, y: areas.loss.y, width: areas.panels.width, height: areas.loss.height)
        case .bottom: return Rect(x: areas.panels.x, y: areas.activation.y, width: areas.panels.width, height: areas.activation.height)
        }
    }

    func render(in area: Rect, buffer: inout Buffer, theme: Theme) {
        guard area.width >= 4, area.height >= 3 else { return }
        let strings = session.strings
        let page = session.lesson.pages[session.page]
        buffer.fill(area)
        let number = "\(strings.page) \(session.page + 1)/\(session.lesson.pages.count)"
        let block = Block(title: "\(strings.lessonTitle): \(session.lesson.title) · \(page.title)",
                          footer: "\(number)  \(strings.paneKeys)", borderRole: .highlight, titleRole: .highlight)
        block.render(in: area, buffer: &buffer, theme: theme)
        let inner = block.inner(area).inner(horizontal: 1, vertical: 0)
        guard inner.width > 2, inner.height > 0 else { return }

        var text: [String] = []
        for (index, paragraph) in page.paragraphs.enumerated() {
            if index > 0 { text.append("") }
            text += Paragraph.wrap(paragraph, width: inner.width)
        }
        var steps: [String] = []
        for step in page.steps {
            steps += Paragraph.wrap("▸ " + step, width: inner.width - 2).enumerated().map { $0.offset == 0 ? $0.element : "  " + $0.element }
        }
        if session.isOnLastPage { steps += Paragraph.wrap(strings.lastPage, width: inner.width) }
        let stepRows = min(steps.count, inner.height)
        let textRows = max(0, inner.height - stepRows - (stepRows > 0 && !text.isEmpty ? 1 : 0))
        var shownText = Array(text.prefix(textRows))
        if text.count > textRows, let last = shownText.last {
            shownText[shownText.count - 1] = Self.truncated(last, width: inner.width)
        }
        var row = inner.y
        for line in shownText {
            buffer.write(line, in: Rect(x: inner.x, y: row, width: inner.width, height: 1), style: theme.style(.text))
            row += 1
        }
        if !shownText.isEmpty && stepRows > 0 { row += 1 }
        for line in steps.prefix(stepRows) {
            buffer.write(line, in: Rect(x: inner.x, y: row, width: inner.width, height: 1), style: theme.style(.title))
            row += 1
        }
    }

    /// `line` with "…" at its end, within `width` columns.
    static func truncated(_ line: String, width: Int) -> String {
        var result = "", used = 0
        for character in line {
            let w = CharacterWidth.of(character)
            if used + w > width - 1 { break }
            result.append(character)
            used += w
        }
        return result + "…"
    }
}
