// The words below the language: tokenizing, quoting and the error type.
@_exported import CommandText
