// The command language (the `Command` value, its parser and printer) and its words, for every
// user of the interpreter.
@_exported import CommandLanguage
@_exported import CommandText
@_exported import Spelling
