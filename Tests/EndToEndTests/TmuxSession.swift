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

    /// Runs a program to completion and returns its exit status and output. Uses posix_spawn
    /// with a clean signal mask and files for the output (Foundation's Process can miss the
    /// child's exit under the test runner, and a daemon such as the tmux server must not inherit
    /// blocked signals or pipes).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                    stdinPath: String = "/dev/null") throws -> (status: Int32, stdout: String, stderr: String) {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-e2e-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let outPath = folder.appendingPathComponent("out").path, errPath = folder.appendingPathComponent("err").path

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGINT, SIGTERM, SIGHUP, SIGCHLD, SIGPIPE, SIGQUIT] { sigaddset(&defaults, signal) }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environmentList = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environmentList.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else { throw TmuxError(message: "cannot start \(executable): error \(spawned)") }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        let exitStatus: Int32 = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let out = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let err = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return (exitStatus, out, err)
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
            "TERM": "screen-256color", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "SWIFT_BACKTRACE": "interactive=no",
        ]
        environment.merge(extraEnvironment) { $1 }
        let exports = environment.sorted { $0.key < $1.key }.map { "export \($0.key)=\(Self.quote($0.value))" }.joined(separator: "\n")
        let command = ([EndToEnd.binary] + arguments).map(Self.quote).joined(separator: " ")
        let script = """
            #!/bin/sh
            \(exports)
            mkdir -p "$HOME"
            cd \(Self.quote(directory.path))
            trap : INT
            stty -g > stty.before
            \(command)
            echo $? > status
            stty -g > stty.after
            exec sleep 120
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
