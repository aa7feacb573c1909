import App
import Foundation
import Testing

/// The README's key tables are generated from the key rows (`KeyHelp.readmeTables`): each sits in
/// its docs/readme part between `<!-- keys: NAME -->` and `<!-- /keys: NAME -->`. This test fails
/// when a part's table differs from the rows; NNSCOPE_UPDATE_GOLDEN=1 (`make bless`) rewrites the
/// tables, then `make docs` assembles README.md.
@Suite("README key tables: generated from the key rows", .serialized)
struct ReadmeKeyTablesTests {
    static let parts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("docs/readme")

    @Test("every table in docs/readme is the rows' table", arguments: KeyHelp.readmeTables.map(\.name))
    func table(name: String) throws {
        let table = try #require(KeyHelp.readmeTables.first { $0.name == name })
        let url = Self.parts.appendingPathComponent(table.file)
        let text = try String(contentsOf: url, encoding: .utf8)
        let open = "<!-- keys: \(name) -->\n", close = "\n<!-- /keys: \(name) -->"
        let start = try #require(text.range(of: open), "\(table.file) has no \(open)")
        let end = try #require(text.range(of: close, range: start.upperBound..<text.endIndex), "\(table.file) has no \(close)")
        let current = String(text[start.upperBound..<end.lowerBound])
        if ProcessInfo.processInfo.environment["NNSCOPE_UPDATE_GOLDEN"] == "1", current != table.text {
            try text.replacingCharacters(in: start.upperBound..<end.lowerBound, with: table.text).write(to: url, atomically: true, encoding: .utf8)
            return
        }
        #expect(current == table.text, "\(table.file), table \(name): run make bless, then make docs")
    }
}
