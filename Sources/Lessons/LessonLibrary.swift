import Foundation

/// Every lesson in a folder (`NAME.LANG.lesson` files), checked for agreement between languages.
public struct LessonLibrary: Sendable {
    /// The folder's name inside a prefix: `PREFIX/share/nnscope/lessons`.
    public static let relativeFolder = "share/nnscope/lessons"
    /// Where the source tree keeps them, relative to the package root.
    public static let sourceFolder = "Sources/Lessons/Library"
    /// The environment variable naming another lessons folder (a teacher's own).
    public static let environmentVariable = "NNSCOPE_LESSONS"

    public let folder: String
    /// Lessons by name, then by language.
    public let lessons: [String: [LessonLanguage: Lesson]]

    /// The lessons folder: `$NNSCOPE_LESSONS` when set, else the first `share/nnscope/lessons` or
    /// `Sources/Lessons/Library` found in the executable's folder or one of its parents (an
    /// installed `PREFIX/bin/nnscope` finds `PREFIX/share/nnscope/lessons`; `.build/debug/nnscope`
    /// finds the source tree's).
    public static func locateFolder(environment: [String: String] = ProcessInfo.processInfo.environment,
                                    executable: String = LessonLibrary.executablePath()) -> String? {
        if let folder = environment[environmentVariable], !folder.isEmpty { return folder }
        var directory = URL(fileURLWithPath: executable).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<8 {
            for folder in [relativeFolder, sourceFolder] {
                let candidate = directory.appendingPathComponent(folder).path
                var isDirectory: ObjCBool = false
                if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), isDirectory.boolValue { return candidate }
            }
            let parent = directory.deletingLastPathComponent()
            if parent.path == directory.path { break }
            directory = parent
        }
        return nil
    }

    /// The running program's file (Linux: /proc/self/exe; else argv[0]).
    public static func executablePath() -> String {
        if let path = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return path }
        return CommandLine.arguments.first ?? "."
    }

    /// Reads every `*.lesson` file in `folder`. Each lesson must exist in every language with the
    /// same order, requirements, check, number of pages, and command lines, pane and drawing on each page.
    public init(folder: String) throws(LessonError) {
        self.folder = folder
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: folder) } catch {
            throw LessonError(path: folder, message: "cannot read the lessons folder: \(error.localizedDescription)")
        }
        var lessons: [String: [LessonLanguage: Lesson]] = [:]
        for file in names.sorted() where file.hasSuffix(".lesson") {
            let path = folder + "/" + file
            guard let data = FileManager.default.contents(atPath: path) else {
                throw LessonError(path: path, message: "cannot read the file")
            }
            guard let text = String(data: data, encoding: .utf8) else {
                throw LessonError(path: path, message: "the file is not UTF-8 text")
            }
            let lesson = try LessonParser.parse(text, path: path)
            lessons[lesson.name, default: [:]][lesson.language] = lesson
        }
        for (name, versions) in lessons {
            try Self.checkAgreement(name: name, versions: versions, folder: folder)
        }
        self.lessons = lessons
    }

    static func checkAgreement(name: String, versions: [LessonLanguage: Lesson], folder: String) throws(LessonError) {
        for language in LessonLanguage.allCases where versions[language] == nil {
            throw LessonError(path: "\(folder)/\(name).\(language.rawValue).lesson", message: "missing: every lesson has a file for each language (\(LessonLanguage.allCases.map(\.rawValue).joined(separator: ", ")))")
        }
        guard let reference = versions[.en] else { return }
        for language in LessonLanguage.allCases where language != .en {
            guard let other = versions[language] else { continue }
            func differ(_ what: String, line: Int? = 1) -> LessonError {
                LessonError(path: other.path, line: line, message: "\(what) differs from \(reference.path)")
            }
            if other.order != reference.order { throw differ("'order'") }
            if other.requires != reference.requires { throw differ("'requires'") }
            if other.check != reference.check { throw differ("'check'") }
            if other.pages.count != reference.pages.count {
                throw LessonError(path: other.path, message: "has \(other.pages.count) pages, \(reference.path) has \(reference.pages.count)")
            }
            for (a, b) in zip(reference.pages, other.pages) {
                if a.commands != b.commands { throw differ("the command lines ('>') of this page", line: b.line) }
                if a.pane != b.pane { throw differ("'pane:' of this page", line: b.line) }
                if a.drawing != b.drawing { throw differ("'drawing:' of this page", line: b.line) }
            }
        }
    }

    /// The lessons whose required features are all in `features`, in order, in `language`.
    public func available(in language: LessonLanguage, features: Set<String>) -> [Lesson] {
        lessons.values.compactMap { $0[language] }
            .filter { Set($0.requires).isSubset(of: features) }
            .sorted { ($0.order, $0.name) < ($1.order, $1.name) }
    }
}
