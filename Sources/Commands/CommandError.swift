@_exported import CommandText
@_exported import Spelling
