import ArgumentParser

extension SingleValueParsingStrategy {
    /// How every numeric option reads its value: the next argument whatever it looks like, so a
    /// negative number is taken as written (`--bias-init -5`, `--from -5`). argument-parser's
    /// default reads a value beginning with `-` as the next option and reports "Missing value".
    /// A forgotten value (`--lr --seed 3`) still fails, with "Unexpected argument '3'".
    static var number: SingleValueParsingStrategy { .unconditional }
}
