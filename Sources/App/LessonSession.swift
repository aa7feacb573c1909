import Lessons
import Terminal

/// The words of the lesson pane and the help overlay's lesson section, per language (the keys'
/// words are `LessonSession.keys`'s rows, translated like every key row: `KeyHelp.translated`).
public struct LessonStrings: Sendable, Equatable {
    public var language: LessonLanguage
    public var lessonTitle: String
    public var page: String
    public var lastPage: String
    public var hiddenHint: String
    public var helpHeading: String

    public static func of(_ language: LessonLanguage) -> LessonStrings {
        let show = LessonSession.keys.row(of: .toggleVisibility)?.label ?? ""
        switch language {
        case .en:
            return LessonStrings(language: .en, lessonTitle: "Lesson", page: "page", lastPage: "the end: \(show) hides the lesson, the run goes on",
                                 hiddenHint: "lesson hidden: \(show) shows it again", helpHeading: "Lesson")
        case .zh:
            return LessonStrings(language: .zh, lessonTitle: "课程", page: "页", lastPage: "课程结束：按 \(show) 隐藏课程，训练继续",
                                 hiddenHint: "课程已隐藏：按 \(show) 重新显示", helpHeading: "课程")
        }
    }

    /// The pane's bottom border names the lesson's keys.
    public var paneKeys: String { KeyHelp.hintLine(LessonSession.keys, language: language) }

    /// The bottom line while the pane is shown: the lesson's keys, then the main live ones.
    public var keyLine: String {
        paneKeys + "  " + KeyHelp.hintLine(KeyMap.lessonKeyLine, language: language)
    }
}

/// What a key does while a lesson is open.
public enum LessonKeyCommand: Sendable, Equatable {
    case nextPage
    case previousPage
    case toggleVisibility
}

/// Where the learner is in a lesson: the page shown, whether the pane is shown, and which pages'
/// command lines have run (each page's run once, when it is first reached). Keys in, command
/// lines out: the lesson can do only what a learner could type.
public struct LessonSession: Sendable, Equatable {
    /// The keys the lesson pane reads, declared once (the README, the help overlay, the pane's
    /// border and the bottom line list these rows).
    public static let keys = KeyTable<LessonKeyCommand>("lesson", [
        KeyRow(">", "next page (runs its command lines)", hint: "next", [(.character(">"), .nextPage)]),
        KeyRow("<", "previous page", hint: "back", [(.character("<"), .previousPage)]),
        KeyRow("x", "hide / show the lesson (the run goes on)", hint: "hide", [(.character("x"), .toggleVisibility)]),
    ])

    public let lesson: Lesson
    public private(set) var page = 0
    public private(set) var isVisible = true
    private var prepared: Set<Int> = []

    public init(lesson: Lesson) {
        self.lesson = lesson
    }

    public var strings: LessonStrings { .of(lesson.language) }
    public var isOnLastPage: Bool { page == lesson.pages.count - 1 }

    /// The command lines that prepare the first page: run them when the lesson opens.
    public mutating func start() -> [String] { prepare(0) }

    /// Applies a lesson key; nil when `key` is not one now (the caller handles it: `>` and `<`
    /// are not while the pane is hidden), else the command lines to run (possibly none).
    public mutating func handle(_ key: Key) -> [String]? {
        switch Self.keys.command(for: key) {
        case .toggleVisibility?:
            isVisible.toggle()
            return []
        case .nextPage?:
            guard isVisible else { return nil }
            guard page + 1 < lesson.pages.count else { return [] }
            page += 1
            return prepare(page)
        case .previousPage?:
            guard isVisible else { return nil }
            page = max(0, page - 1)
            return []
        case nil:
            return nil
        }
    }

    private mutating func prepare(_ index: Int) -> [String] {
        guard !prepared.contains(index) else { return [] }
        prepared.insert(index)
        return lesson.pages[index].commands
    }
}
