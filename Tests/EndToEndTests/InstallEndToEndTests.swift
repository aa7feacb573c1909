import Foundation
import Testing

/// `make install` and `make uninstall` into a temporary DESTDIR, then the installed files used as a
/// user would: the binary, the man page, the bash completion script.
///
/// The test installs the debug build (`CONFIGURATION=debug PREBUILT=1`): `swift test` holds the build
/// folder's lock, so the install cannot run swift itself; `make test` builds the binary and runs the
/// GenerateManual plugin in debug before testing. A release build would only add minutes.
@Suite("make install / make uninstall", .serialized, .enabled(if: InstallTest.canRun, "needs .build/debug/nnscope, the generated man page, make, bash and man"))
struct InstallEndToEndTests {
    @Test("install into a DESTDIR, run the installed binary, read its man page, complete in bash, uninstall to an empty folder")
    func installUseUninstall() throws {
        let destination = try InstallTest.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: destination) }
        let prefix = destination.path + "/usr/local"

        let install = try InstallTest.make("install", destination: destination.path)
        #expect(install.status == 0, "make install failed: \(install.stderr)")

        // The binary, from where it was installed.
        let binary = prefix + "/bin/nnscope"
        #expect(FileManager.default.isExecutableFile(atPath: binary))
        let version = try EndToEnd.run(binary, ["--version"], environment: InstallTest.environment(removing: "OPENBLAS_CORETYPE"))
        #expect(version.status == 0)
        let versionLines = version.stdout.split(separator: "\n").map(String.init)
        #expect(versionLines.first == "nnscope 0.1.0")
        #expect(versionLines.dropFirst().first?.hasPrefix("BLAS: libopenblas.so.0 (core ") == true, "\(version.stdout)")
        // The core type the library reports it runs (openblas_get_corename) is also the one its
        // build description (openblas_get_config) names, and the one OPENBLAS_CORETYPE asks for.
        let forced = try EndToEnd.run(binary, ["--version"], environment: InstallTest.environment(setting: ["OPENBLAS_CORETYPE": "Haswell"]))
        #expect(forced.stdout.contains("BLAS: libopenblas.so.0 (core Haswell)"), "\(forced.stdout)")
        #expect(forced.stdout.contains("core from OPENBLAS_CORETYPE=Haswell"))
        #expect(forced.stdout.split(separator: "\n").contains { $0.hasPrefix("BLAS build: OpenBLAS") && $0.contains(" Haswell ") })

        let train = try EndToEnd.run(binary, ["train", "--epochs", "1"])
        #expect(train.status == 0, "\(train.stderr)")
        #expect(train.stdout.split(separator: "\n").contains { $0.hasPrefix("epoch 1  loss ") }, "\(train.stdout)")

        // Every subcommand the binary has, from its own argument-parser description.
        let subcommands = try InstallTest.subcommands(of: binary)
        #expect(subcommands.contains("train") && subcommands.contains("replay"))

        // The man page renders, names every subcommand and documents train's options.
        let page = prefix + "/share/man/man1/nnscope.1"
        let man = try EndToEnd.run(try InstallTest.tool("man"), ["-l", page],
                                   environment: InstallTest.environment(setting: ["MANWIDTH": "80", "MANPAGER": "cat", "PAGER": "cat"]))
        #expect(man.status == 0, "man -l failed: \(man.stderr)")
        let manLines = man.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(manLines.first?.hasPrefix("NNSCOPE(1)") == true)
        #expect(manLines.contains("SYNOPSIS"))
        for name in subcommands {
            #expect(manLines.contains { $0 == "     \(name)" || $0.hasPrefix("     \(name) ") }, "man page has no entry for \(name)")
        }
        #expect(man.stdout.contains("--epochs epochs"))

        // The bash completion script loads in a plain bash and completes subcommands and values.
        let script = prefix + "/share/bash-completion/completions/nnscope"
        #expect(try InstallTest.bashComplete(script: script, line: "nnscope tr") == ["train"])
        let offered = try InstallTest.bashComplete(script: script, line: "nnscope ")
        #expect(subcommands.allSatisfy(offered.contains), "offered: \(offered)")
        #expect(try InstallTest.bashComplete(script: script, line: "nnscope train --dataset mo") == ["moons"])
        #expect(try InstallTest.bashComplete(script: script, line: "nnscope train --activation rel") == ["relu"])
        // Session files: *.jsonl and folders, not other files.
        let work = try InstallTest.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: work) }
        for name in ["run.jsonl", "notes.txt"] { try "".write(to: work.appendingPathComponent(name), atomically: true, encoding: .utf8) }
        try FileManager.default.createDirectory(at: work.appendingPathComponent("runs"), withIntermediateDirectories: true)
        for line in ["nnscope replay ", "nnscope export ", "nnscope train --resume "] {
            #expect(try InstallTest.bashComplete(script: script, line: line, in: work.path).sorted() == ["run.jsonl", "runs"], "\(line)")
        }
        let zshScript = prefix + "/share/zsh/site-functions/_nnscope", fishScript = prefix + "/share/fish/vendor_completions.d/nnscope.fish"
        for file in [zshScript, fishScript] {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            #expect(text.contains("train") && text.contains("moons"), "\(file) is missing or incomplete")
        }
        // zsh and fish are not among the packages nnscope needs; where they are installed, the
        // scripts parse, and fish (which can complete without a terminal) completes a subcommand.
        if let zsh = InstallTest.find("zsh") {
            #expect(try EndToEnd.run(zsh, ["-n", zshScript]).status == 0)
        }
        if let fish = InstallTest.find("fish") {
            let completed = try EndToEnd.run(fish, ["--no-config", "-c", "source $argv[1]; complete -C'nnscope tr'", fishScript])
            #expect(completed.stdout.split(separator: "\n").map { $0.split(separator: "\t").first.map(String.init) } == ["train"],
                    "fish: \(completed.stdout) \(completed.stderr)")
        }

        let uninstall = try InstallTest.make("uninstall", destination: destination.path)
        #expect(uninstall.status == 0, "make uninstall failed: \(uninstall.stderr)")
        let left = try FileManager.default.contentsOfDirectory(atPath: destination.path)
        #expect(left.isEmpty, "left after make uninstall: \(left)")
    }

    @Test("uninstall keeps the folders and files that were there before the install")
    func uninstallKeepsWhatItFound() throws {
        let destination = try InstallTest.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: destination) }
        let bin = destination.path + "/usr/local/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: destination.path + "/usr/local/share/man/man1", withIntermediateDirectories: true)
        try "#!/bin/sh\n".write(toFile: bin + "/other-tool", atomically: true, encoding: .utf8)

        #expect(try InstallTest.make("install", destination: destination.path).status == 0)
        // A second install over the first keeps the record of the folders the first one created.
        #expect(try InstallTest.make("install", destination: destination.path).status == 0)
        #expect(FileManager.default.fileExists(atPath: bin + "/nnscope"))
        #expect(try InstallTest.make("uninstall", destination: destination.path).status == 0)

        #expect(!FileManager.default.fileExists(atPath: bin + "/nnscope"))
        #expect(FileManager.default.fileExists(atPath: bin + "/other-tool"))
        var isFolder: ObjCBool = false
        #expect(FileManager.default.fileExists(atPath: destination.path + "/usr/local/share/man/man1", isDirectory: &isFolder) && isFolder.boolValue)
        #expect(!FileManager.default.fileExists(atPath: destination.path + "/usr/local/share/nnscope"))
        #expect(!FileManager.default.fileExists(atPath: destination.path + "/usr/local/share/bash-completion"))

        // Uninstalling again finds nothing to remove and says so.
        let again = try InstallTest.make("uninstall", destination: destination.path)
        #expect(again.status == 0)
        #expect(again.stdout.contains("nnscope is not installed under"))
    }
}

/// Helpers for the install test.
enum InstallTest {
    static let manPage = EndToEnd.packageRoot.appendingPathComponent(".build/plugins/GenerateManual/outputs/nnscope/nnscope.1").path

    /// The absolute path of a program on PATH, or nil.
    static func find(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        return path.split(separator: ":").map { "\($0)/\(name)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    static func tool(_ name: String) throws -> String {
        guard let path = find(name) else { throw TmuxError(message: "\(name) is not on PATH") }
        return path
    }

    static var skipReason: String? {
        if !FileManager.default.isExecutableFile(atPath: EndToEnd.binary) { return "\(EndToEnd.binary) is missing (run `swift build` or `make test`)" }
        if !FileManager.default.fileExists(atPath: manPage) {
            return "\(manPage) is missing (`make test` writes it; or run `swift package generate-manual --configuration debug`)"
        }
        for name in ["make", "bash", "man"] where find(name) == nil { return "\(name) is not installed" }
        return nil
    }

    static var canRun: Bool {
        if let skipReason {
            FileHandle.standardError.write(Data("InstallEndToEndTests: skipped: \(skipReason)\n".utf8))
            return false
        }
        return true
    }

    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nnscope-install-\(getpid())-\(UInt32.random(in: 0...UInt32.max))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// This process's environment without the variables of an enclosing `make` (its jobserver).
    static func environment(removing removed: String? = nil, setting: [String: String] = [:]) -> [String: String] {
        var environment = ProcessInfo.processInfo.environment
        for key in ["MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES"] { environment[key] = nil }
        if let removed { environment[removed] = nil }
        environment.merge(setting) { $1 }
        return environment
    }

    /// `make TARGET` in the package root, for the debug build, into DESTDIR with PREFIX /usr/local.
    static func make(_ target: String, destination: String) throws -> (status: Int32, stdout: String, stderr: String) {
        try EndToEnd.run(try tool("make"), ["-s", "-C", EndToEnd.packageRoot.path, target, "PREBUILT=1", "CONFIGURATION=debug",
                                            "DESTDIR=\(destination)", "PREFIX=/usr/local"], environment: environment())
    }

    /// The subcommand names in `--experimental-dump-help` (argument-parser's ToolInfo), in order.
    static func subcommands(of binary: String) throws -> [String] {
        let dump = try EndToEnd.run(binary, ["--experimental-dump-help"])
        let object = try JSONSerialization.jsonObject(with: Data(dump.stdout.utf8)) as? [String: Any]
        let command = object?["command"] as? [String: Any]
        let subcommands = command?["subcommands"] as? [[String: Any]] ?? []
        return subcommands.compactMap { $0["commandName"] as? String }
    }

    /// Loads the completion script in `bash -c` and asks its function for the candidates at the end
    /// of `line`, as bash's programmable completion would (COMP_WORDS, COMP_CWORD, COMP_LINE, COMP_POINT).
    static func bashComplete(script: String, line: String, in folder: String = "/") throws -> [String] {
        let program = """
            source "$1" || exit 3
            cd "$3" || exit 3
            COMP_LINE="$2"; COMP_POINT=${#COMP_LINE}
            read -ra COMP_WORDS <<< "$COMP_LINE"
            [[ "$COMP_LINE" == *" " ]] && COMP_WORDS+=("")
            COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
            COMPREPLY=()
            _nnscope "${COMP_WORDS[0]}" "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
            printf '%s\\n' "${COMPREPLY[@]}"
            """
        let result = try EndToEnd.run(try tool("bash"), ["-c", program, "bash", script, line, folder], environment: environment())
        guard result.status == 0 else { throw TmuxError(message: "bash completion failed (\(result.status)): \(result.stderr)") }
        return result.stdout.split(separator: "\n").map(String.init)
    }
}
