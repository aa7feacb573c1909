import ArgumentParser
import Foundation
import LinearAlgebra

/// What `nnscope --version` prints: the program's version and the BLAS in use.
///
/// Argument-parser's own `--version` prints a fixed string from the command's configuration, which is
/// built on every run (for `--help` and completion too); loading OpenBLAS to describe it there would
/// cost every invocation a library load and its threads. So `NNScope.main()` answers `--version`
/// itself, and only then loads the library.
enum VersionReport {
    /// The facts the report states, gathered from the loaded library.
    struct Facts: Equatable {
        var version: String
        /// `BLASLibrary.summary`: the library file and its core type, or "none (...)".
        var library: String
        /// The core type nnscope set for OpenBLAS, nil when it set none.
        var chosenCoreType: String?
        /// OPENBLAS_CORETYPE as the user set it (nil when unset or set by nnscope).
        var userCoreType: String?
        /// `openblas_get_config`.
        var buildConfiguration: String?
        var threads: Int32
        var loaded: Bool
    }

    static func facts() -> Facts {
        let blas = BLASLibrary.shared
        let environment = getenv("OPENBLAS_CORETYPE").map { String(cString: $0) }
        return Facts(version: programVersion, library: blas.summary, chosenCoreType: blas.chosenCoreType,
                     userCoreType: blas.chosenCoreType == nil ? environment : nil,
                     buildConfiguration: blas.buildConfiguration, threads: blas.maximumThreads, loaded: blas.sgemm != nil)
    }

    static func text(_ facts: Facts) -> String {
        var lines = ["nnscope \(facts.version)"]
        guard facts.loaded else {
            lines.append("BLAS: \(facts.library): libopenblas.so.0 was not found")
            return lines.joined(separator: "\n")
        }
        let origin: String
        if facts.chosenCoreType != nil {
            origin = "core chosen by nnscope from the CPU's flags; OPENBLAS_CORETYPE overrides it"
        } else if let user = facts.userCoreType {
            origin = "core from OPENBLAS_CORETYPE=\(user)"
        } else {
            origin = "core detected by OpenBLAS"
        }
        lines.append("BLAS: \(facts.library), \(facts.threads) thread\(facts.threads == 1 ? "" : "s") (\(origin))")
        if let build = facts.buildConfiguration { lines.append("BLAS build: \(build.trimmingCharacters(in: .whitespaces))") }
        return lines.joined(separator: "\n")
    }

    /// True when argument-parser would answer these arguments with the version: `--version` anywhere
    /// before a `--` terminator.
    static func isRequested(by arguments: [String]) -> Bool {
        arguments.prefix { $0 != "--" }.contains("--version")
    }
}
