import ArgumentParser
import Commands
import Sessions

/// A failure reported as "Error: message" on stderr with exit status 1 (no usage text: the
/// command line was well-formed, a value in it was not).
struct CLIError: Error, CustomStringConvertible {
    var description: String
    init(_ message: String) { description = message }
}

/// `--force`'s help, shared by every subcommand with `--record`.
let forceHelp = ArgumentHelp("With --record: replace FILE if it exists (without it an existing file is refused and left as it is).")

/// What to add to a `--record` failure when FILE exists: how to continue it or replace it.
func existingFileHint(_ error: any Error, resumable: Bool) -> String {
    guard error is ExistingSessionFileError || (error as? CommandError)?.kind == .existingFile else { return "" }
    return resumable ? "; continue it with `nnscope train --resume FILE`, or give --force to replace it" : "; give --force to replace it"
}
