import Lessons

/// The words of the lesson pane, the key line and the help overlay's lesson section, per language.
public struct LessonStrings: Sendable, Equatable {
    public var language: LessonLanguage
    public var lessonTitle: String
    public var page: String
    public var lastPage: String
    public var paneKeys: String
    public var hiddenHint: String
    public var keyLine: String
    public var helpHeading: String
    public var helpKeys: [(key: String, action: String)]

    public static func == (a: LessonStrings, b: LessonStrings) -> Bool { a.language == b.language }

    public static func of(_ language: LessonLanguage) -> LessonStrings {
        switch language {
        case .en:
            return LessonStrings(
                language: .en, lessonTitle: "Lesson", page: "page", lastPage: "the end: x hides the lesson, the run goes on",
                paneKeys: "> next  < back  x hide", hiddenHint: "lesson hidden: x shows it again",
                keyLine: "> next page  < back  x hide lesson  space step  r run  : command  ? help  q quit",
                helpHeading: "Lesson",
                helpKeys: [(">", "next page (runs its command lines)"), ("<", "previous page"),
                           ("x", "hide / show the lesson (the run goes on)")])
        case .zh:
            return LessonStrings(
                language: .zh, lessonTitle: "课程", page: "页", lastPage: "课程结束：按 x 隐藏课程，训练继续",
                paneKeys: "> 下一页  < 上一页  x 隐藏", hiddenHint: "课程已隐藏：按 x 重新显示",
                keyLine: "> 下一页  < 上一页  x 隐藏课程  空格 训练一轮  r 运行  : 命令  ? 帮助  q 退出",
                helpHeading: "课程",
                helpKeys: [(">", "下一页（运行该页的命令）"), ("<", "上一页"), ("x", "隐藏 / 显示课程（训练继续）")])
        }
    }
}

/// Where the learner is in a lesson: the page shown, whether the pane is shown, and which pages'
/// command lines have run (each page's run once, when it is first reached). Keys in, command
/// lines out: the lesson can do only what a learner could type.
public struct LessonSession: Sendable, Equatable {
    /// The keys the lesson pane reads, declared once (the README and the help overlay list them).
    public static let nextKey: Character = ">"
    public static let backKey: Character = "<"
    public static let toggleKey: Character = "x"

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

    /// Applies a lesson key; nil when `key` is not one (the caller handles it), else the command
    /// lines to run (possibly none).
    public mutating func handle(_ key: Character) -> [String]? {
        switch key {
        case Self.toggleKey:
            isVisible.toggle()
            return []
        case Self.nextKey:
            guard isVisible else { return nil }
            guard page + 1 < lesson.pages.count else { return [] }
            page += 1
            return prepare(page)
        case Self.backKey:
            guard isVisible else { return nil }
            page = max(0, page - 1)
            return []
        default:
            return nil
        }
    }

    private mutating func prepare(_ index: Int) -> [String] {
        guard !prepared.contains(index) else { return [] }
        prepared.insert(index)
        return lesson.pages[index].commands
    }
}
