import JSON

/// Parses JSON text from metadata (small strings), nil-free errors flattened for `try?`.
enum JSONValueParsing {
    static func parse(_ text: String) throws -> JSONValue { try JSONValue(parsing: text) }
}
