import App

extension WorkerRequest {
    /// The request the TUI posts for a lesson page's line: parsed once, as the `:` line parses it.
    static func line(_ text: String) -> WorkerRequest {
        guard let parsed = try? TypedLine.parse(text) else { fatalError("test line does not parse: \(text)") }
        return parsed.request
    }
}
