import Foundation

/// Paths and tools the end-to-end tests need.
enum EndToEnd {
    /// The package root (three levels above this file).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    /// The binary `make test` builds before testing.
    static let binary = packageRoot.appendingPathComponent(".build/debug/nnscope").path

    static var tmuxPath: String? {
        ["/usr/bin/tmux", "/usr/local/bin/tmux", "/opt/homebrew/bin/tmux"].first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// Why the tmux tests cannot run here, or nil when they can.
    static var skipReason: String? {
        if tmuxPath == nil { return "tmux is not installed: end-to-end tests skipped" }
        if !FileManager.default.isExecutableFile(atPath: binary) { return "\(binary) is missing (run `swift build` or `make test`): end-to-end tests skipped" }
        return nil
    }

    static var canRun: Bool {
        if let skipReason {
            FileHandle.standardError.write(Data("EndToEndTests: \(skipReason)\n".utf8))
            return false
        }
        return true
    }

    /// Runs a program to completion and returns its exit status and output.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdin: FileHandle? = nil) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let stdin { process.standardInput = stdin }
        try process.run()
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}

/// One nnscope process in a private tmux server, with a temporary HOME, and a wrapper shell
/// script that records `stty -g` before and after and the exit status.
final class TmuxSession {
    let socket: String
    let directory: URL
    let tmux: String

    /// Starts `nnscope ARGUMENTS` in a `width`×`height` tmux window.
    init(arguments: [String] = [], width: Int = 120, height: Int = 40, extraEnvironment: [String: String] = [:]) throws {
        tmux = EndToEnd.tmuxPath ?? "tmux"
        socket = "nnscope-e2e-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        directory = FileManager.default.temporaryDirectory.appendingPathComponent(socket)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let home = directory.appendingPathComponent("home").path
        var environment = [
            "HOME": home, "XDG_DATA_HOME": home + "/data", "XDG_STATE_HOME": home + "/state",
            "TERM": "xterm-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no",
        ]
        environment.merge(extraEnvironment) { $1 }
        let exports = environment.sorted { $0.key < $1.key }.map { "export \($0.key)=\(Self.quote($0.value))" }.joined(separator: "\n")
        let command = ([EndToEnd.binary] + arguments).map(Self.quote).joined(separator: " ")
        let script = """
            #!/bin/sh
            \(exports)
            mkdir -p "$HOME"
            cd \(Self.quote(directory.path))
            stty -g > stty.before
            \(command)
            echo $? > status
            stty -g > stty.after
            exec sleep 600
            """
        let scriptPath = directory.appendingPathComponent("run.sh").path
        try script.write(toFile: scriptPath, atomically: true, encoding: .utf8)
        try tmuxCommand(["-f", "/dev/null", "new-session", "-d", "-x", "\(width)", "-y", "\(height)", "-s", "main", "/bin/sh " + scriptPath])
    }

    deinit {
        _ = try? EndToEnd.run(tmux, ["-L", socket, "kill-server"])
        try? FileManager.default.removeItem(at: directory)
    }

    static func quote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    @discardableResult
    func tmuxCommand(_ arguments: [String]) throws -> String {
        let result = try EndToEnd.run(tmux, ["-L", socket] + arguments)
        guard result.status == 0 else { throw TmuxError(message: "tmux \(arguments.joined(separator: " ")): \(result.stderr)") }
        return result.stdout
    }

    /// The visible screen as text.
    func capture() throws -> String {
        try tmuxCommand(["capture-pane", "-p", "-t", "main"])
    }

    /// Sends keys (tmux key names such as "Space", "Enter", "Escape", or literal text with `literal`).
    func send(_ keys: String..., literal: Bool = false) throws {
        try tmuxCommand(["send-keys", "-t", "main"] + (literal ? ["-l"] : []) + keys)
    }

    func resize(width: Int, height: Int) throws {
        try tmuxCommand(["resize-window", "-t", "main", "-x", "\(width)", "-y", "\(height)"])
    }

    /// A tmux format value for the pane (`#{alternate_on}`, `#{cursor_flag}`, `#{pane_pid}`).
    func format(_ format: String) throws -> String {
        try tmuxCommand(["display-message", "-p", "-t", "main", format]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Waits (up to `seconds`) until the screen satisfies `condition`; returns the last capture.
    @discardableResult
    func waitFor(_ description: String, seconds: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var screen = ""
        while Date() < deadline {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(100_000)
        }
        throw TmuxError(message: "timed out waiting for \(description); screen:\n\(screen)")
    }

    @discardableResult
    func waitFor(text: String, seconds: Double = 20) throws -> String {
        try waitFor("'\(text)'", seconds: seconds) { $0.contains(text) }
    }

    /// Waits until nnscope has exited and returns its exit status.
    func waitForExit(seconds: Double = 20) throws -> Int32 {
        let path = directory.appendingPathComponent("status").path
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8),
               let status = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                usleep(200_000)  // let the wrapper write stty.after
                return status
            }
            usleep(100_000)
        }
        throw TmuxError(message: "nnscope did not exit; screen:\n\((try? capture()) ?? "")")
    }

    /// `stty -g` before nnscope started and after it exited.
    func sttyBeforeAndAfter() throws -> (before: String, after: String) {
        let before = try String(contentsOfFile: directory.appendingPathComponent("stty.before").path, encoding: .utf8)
        let after = try String(contentsOfFile: directory.appendingPathComponent("stty.after").path, encoding: .utf8)
        return (before, after)
    }

    /// The nnscope process id (the child of the pane's shell).
    func nnscopePID() throws -> Int32 {
        let shell = try format("#{pane_pid}")
        for entry in try FileManager.default.contentsOfDirectory(atPath: "/proc") where Int32(entry) != nil {
            guard let stat = try? String(contentsOfFile: "/proc/\(entry)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { continue }
            let name = stat[stat.index(after: stat.firstIndex(of: "(")!)..<close]
            let fields = stat[stat.index(close, offsetBy: 2)...].split(separator: " ")
            if name == "nnscope", fields.count > 1, String(fields[1]) == shell { return Int32(entry)! }
        }
        throw TmuxError(message: "no nnscope process under the pane's shell \(shell)")
    }

    /// The files nnscope wrote under the temporary data folder's sessions directory.
    func recordedSessions() -> [String] {
        let folder = directory.appendingPathComponent("home/data/nnscope/sessions").path
        return ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).map { folder + "/" + $0 }
    }
}

struct TmuxError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}
