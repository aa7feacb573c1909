/// Reads the lesson format (docs: the README's "Writing a lesson"):
///
/// ```
/// # a comment
/// lesson: vanishing                      header: lesson (the file's NAME), title, order, check,
/// title: Vanishing gradients             and optionally requires (comma-separated features)
/// order: 7
/// check: vanishing depth=10
///
/// page: Ten logistic layers              a page starts with its title
/// Text, wrapped to the pane.             text lines; a blank line separates paragraphs
/// > set activation logistic              a command-language line run when the page opens
/// * press space five times               a step for the learner
/// pane: bottom                           the pane covers the bottom half (default: top)
/// drawing: zigzag                        a drawing beside the text (LessonDrawing's names)
/// ```
public enum LessonParser {
    public static let headerKeys = ["lesson", "title", "order", "requires", "check"]

    /// Parses `text`, the contents of `path` (`NAME.LANG.lesson`; NAME and LANG must agree with the
    /// header and the known languages).
    public static func parse(_ text: String, path: String) throws(LessonError) -> Lesson {
        let fileName = path.split(separator: "/").last.map(String.init) ?? path
        let parts = fileName.split(separator: ".").map(String.init)
        guard parts.count == 3, parts[2] == "lesson" else {
            throw LessonError(path: path, message: "a lesson file is named NAME.LANG.lesson (e.g. vanishing.zh.lesson)")
        }
        guard let language = LessonLanguage(rawValue: parts[1]) else {
            throw LessonError(path: path, message: "unknown language '\(parts[1])' in the file name: use one of \(LessonLanguage.allCases.map(\.rawValue).joined(separator: ", "))")
        }

        var header: [String: (value: String, line: Int)] = [:]
        var pages: [LessonPage] = []
        var current: LessonPage?
        var paragraph: [String] = []

        func endParagraph() {
            if !paragraph.isEmpty { current?.paragraphs.append(paragraph.joined(separator: " ")) }
            paragraph = []
        }
        func endPage() throws(LessonError) {
            endParagraph()
            guard let page = current else { return }
            if page.paragraphs.isEmpty {
                throw LessonError(path: path, line: page.line, message: "page '\(page.title)' has no text")
            }
            pages.append(page)
            current = nil
        }

        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let number = index + 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            let trimmed = line.trimmingSpaces()
            if trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("page:") {
                try endPage()
                let title = String(trimmed.dropFirst(5)).trimmingSpaces()
                guard !title.isEmpty else { throw LessonError(path: path, line: number, message: "'page:' needs a title") }
                current = LessonPage(title: title, paragraphs: [], commands: [], steps: [], line: number)
                continue
            }
            if current == nil {
                if trimmed.isEmpty { continue }
                guard let colon = trimmed.firstIndex(of: ":") else {
                    throw LessonError(path: path, line: number, message: "expected 'KEY: VALUE' (one of \(headerKeys.joined(separator: ", "))) or 'page: TITLE', got '\(trimmed)'")
                }
                let key = String(trimmed[..<colon]).trimmingSpaces()
                let value = String(trimmed[trimmed.index(after: colon)...]).trimmingSpaces()
                guard headerKeys.contains(key) else {
                    throw LessonError(path: path, line: number, message: "unknown header key '\(key)': use one of \(headerKeys.joined(separator: ", "))")
                }
                guard header[key] == nil else { throw LessonError(path: path, line: number, message: "'\(key)' is given twice") }
                guard !value.isEmpty else { throw LessonError(path: path, line: number, message: "'\(key):' needs a value") }
                header[key] = (value, number)
                continue
            }
            if trimmed.isEmpty {
                endParagraph()
            } else if trimmed.hasPrefix("pane:") {
                endParagraph()
                let value = String(trimmed.dropFirst(5)).trimmingSpaces()
                guard let position = LessonPanePosition(rawValue: value) else {
                    throw LessonError(path: path, line: number, message: "'pane: \(value)': use one of \(LessonPanePosition.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                current?.pane = position
            } else if trimmed.hasPrefix("drawing:") {
                endParagraph()
                let value = String(trimmed.dropFirst(8)).trimmingSpaces()
                guard let drawing = LessonDrawing(rawValue: value) else {
                    throw LessonError(path: path, line: number, message: "'drawing: \(value)': use one of \(LessonDrawing.allCases.map(\.rawValue).joined(separator: ", "))")
                }
                guard current?.drawing == nil else { throw LessonError(path: path, line: number, message: "a page has at most one 'drawing:'") }
                current?.drawing = drawing
            } else if trimmed.hasPrefix(">") {
                endParagraph()
                let command = String(trimmed.dropFirst()).trimmingSpaces()
                guard !command.isEmpty else { throw LessonError(path: path, line: number, message: "'>' needs a command line") }
                current?.commands.append(command)
            } else if trimmed.hasPrefix("*") {
                endParagraph()
                let step = String(trimmed.dropFirst()).trimmingSpaces()
                guard !step.isEmpty else { throw LessonError(path: path, line: number, message: "'*' needs a step") }
                current?.steps.append(step)
            } else {
                paragraph.append(trimmed)
            }
        }
        try endPage()

        func required(_ key: String) throws(LessonError) -> (value: String, line: Int) {
            guard let entry = header[key] else { throw LessonError(path: path, line: 1, message: "the header has no '\(key):' line") }
            return entry
        }
        let name = try required("lesson")
        guard name.value == parts[0] else {
            throw LessonError(path: path, line: name.line, message: "'lesson: \(name.value)' does not match the file name '\(parts[0])'")
        }
        let title = try required("title")
        let order = try required("order")
        guard let orderValue = Int(order.value) else {
            throw LessonError(path: path, line: order.line, message: "'order: \(order.value)' is not a whole number")
        }
        let check = try required("check")
        let checkWords = check.value.split(separator: " ").map(String.init)
        var parameters: [String: String] = [:]
        for word in checkWords.dropFirst() {
            let pair = word.split(separator: "=", maxSplits: 1).map(String.init)
            guard pair.count == 2, !pair[0].isEmpty, !pair[1].isEmpty else {
                throw LessonError(path: path, line: check.line, message: "check parameter '\(word)' is not KEY=VALUE")
            }
            parameters[pair[0]] = pair[1]
        }
        let requires = header["requires"].map { entry in
            entry.value.split(separator: ",").map { String($0).trimmingSpaces() }.filter { !$0.isEmpty }
        } ?? []
        guard !pages.isEmpty else { throw LessonError(path: path, message: "the lesson has no pages ('page: TITLE')") }
        return Lesson(name: name.value, language: language, title: title.value, order: orderValue, requires: requires,
                      check: LessonCheckSpec(name: checkWords[0], parameters: parameters), pages: pages, path: path)
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = Substring(self)
        while let first = s.first, first == " " || first == "\t" { s.removeFirst() }
        while let last = s.last, last == " " || last == "\t" { s.removeLast() }
        return String(s)
    }
}
