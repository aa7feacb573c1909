/// The languages lessons are written in.
public enum LessonLanguage: String, CaseIterable, Sendable {
    case en, zh

    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that
    /// is set and not empty decides (as POSIX orders them); `zh…` (`zh_CN.UTF-8`, `zh`) gives
    /// Chinese, anything else (`C`, `POSIX`, `en_US.UTF-8`, unset) English. Only the variable's text
    /// is read: no locale needs to be installed.
    public static func fromEnvironment(_ environment: [String: String]) -> LessonLanguage {
        for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            guard let value = environment[name], !value.isEmpty else { continue }
            return value.lowercased().hasPrefix("zh") ? .zh : .en
        }
        return .en
    }
}

/// Which half of the panels the lesson pane covers on a page: the top (loss and data panels) or the
/// bottom (activation or landscape, and gradient panels).
public enum LessonPanePosition: String, Sendable, Equatable, CaseIterable {
    case top, bottom
}

/// A drawing a page shows beside its text (`drawing: NAME`), in the left panel of the half of the
/// screen the pane leaves free (the activation panel's place under a top pane, the loss panel's
/// under a bottom one).
public enum LessonDrawing: String, Sendable, Equatable, CaseIterable {
    /// tanh(x) and 2σ(2x) − 1 on top of each other, with σ(x).
    case tanhIdentity = "tanh-identity"
    /// swish(x) = x·σ(βx) for β = 0.01, 1, 10, with x/2 and ReLU.
    case swishBeta = "swish-beta"
    /// The path of two weights of a neuron whose inputs are logistic outputs, and with them centred.
    case zigzag
    /// Each hidden unit's contribution v_j·f(w_j·x + b_j) to a 1-input fit, and their sum.
    case contributions
}

/// One page of a lesson: a few lines of text, the command-language lines that prepare it (run
/// when the page is first reached) and the steps the learner is asked to take.
public struct LessonPage: Sendable, Equatable {
    public var title: String
    /// Paragraphs of text (each is wrapped to the pane's width).
    public var paragraphs: [String]
    /// Command-language lines run when the page opens, in order.
    public var commands: [String]
    /// What to do now ("press space five times and watch layer 1's bar").
    public var steps: [String]
    /// The line of the file the page starts on.
    public var line: Int
    /// Where the pane goes, so the panels the page talks about stay in view (`pane: bottom`).
    public var pane: LessonPanePosition
    /// The drawing shown with the page, if any (`drawing: zigzag`).
    public var drawing: LessonDrawing?

    public init(title: String, paragraphs: [String], commands: [String], steps: [String], line: Int, pane: LessonPanePosition = .top,
                drawing: LessonDrawing? = nil) {
        self.pane = pane
        self.drawing = drawing
        self.title = title
        self.paragraphs = paragraphs
        self.commands = commands
        self.steps = steps
        self.line = line
    }
}

/// A lesson's check: a named measurement with its parameters (`check: vanishing depth=10`).
public struct LessonCheckSpec: Sendable, Equatable {
    public var name: String
    public var parameters: [String: String]

    public init(name: String, parameters: [String: String] = [:]) {
        self.name = name
        self.parameters = parameters
    }
}

/// One lesson in one language, as read from its file (`NAME.LANG.lesson`).
public struct Lesson: Sendable, Equatable {
    public var name: String
    public var language: LessonLanguage
    public var title: String
    /// Where the lesson comes in the list (lower first).
    public var order: Int
    /// Features the program must have for the lesson to be listed.
    public var requires: [String]
    public var check: LessonCheckSpec
    public var pages: [LessonPage]
    /// The file it was read from.
    public var path: String

    public init(name: String, language: LessonLanguage, title: String, order: Int, requires: [String],
                check: LessonCheckSpec, pages: [LessonPage], path: String) {
        self.name = name
        self.language = language
        self.title = title
        self.order = order
        self.requires = requires
        self.check = check
        self.pages = pages
        self.path = path
    }
}

/// A problem in a lesson file or folder, with the file and line it is on.
public struct LessonError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int?
    public var message: String

    public init(path: String, line: Int? = nil, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }

    public var description: String {
        line.map { "\(path):\($0): \(message)" } ?? "\(path): \(message)"
    }
}
