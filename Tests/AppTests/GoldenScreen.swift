import Foundation
import Render
import Testing

/// A whole screen as a checked-in golden file, ratatui-style: every cell's text and style.
///
/// The file holds the text rows, then one symbol per cell naming its style, then the legend of
/// those symbols (foreground, background, attributes), so a diff of a golden file shows what
/// changed where. `NNSCOPE_UPDATE_GOLDEN=1` (`make bless`) rewrites the files instead of comparing.
struct GoldenScreen: Equatable {
    var width: Int
    var height: Int
    /// The text of each row (a wide grapheme once, its continuation cell left out).
    var text: [String]
    /// Each cell's style, described ("fg=4 bg=default bold"), row by row.
    var styles: [[String]]

    init(_ buffer: Buffer) {
        width = buffer.width
        height = buffer.height
        text = buffer.lines()
        styles = (0..<buffer.height).map { y in (0..<buffer.width).map { x in Self.describe(buffer[x, y].style) } }
    }

    static func describe(_ style: Style) -> String {
        func colour(_ c: Color) -> String {
            switch c {
            case .default: "default"
            case let .indexed(i): "\(i)"
            }
        }
        var words = ["fg=" + colour(style.foreground), "bg=" + colour(style.background)]
        for (attribute, name) in [(Attributes.bold, "bold"), (.dim, "dim"), (.reverse, "reverse"), (.underline, "underline")]
        where style.attributes.contains(attribute) {
            words.append(name)
        }
        return words.joined(separator: " ")
    }

    /// Symbols for the style map: printable ASCII but space and `|`, then Latin letters beyond.
    static let symbols: [Character] = (33...126).compactMap { $0 == 124 ? nil : Character(UnicodeScalar(UInt8($0))) }
        + (0x100...0x17F).map { Character(UnicodeScalar($0)!) }

    /// The file's text.
    var serialized: String {
        var legend: [String] = []
        var symbolOf: [String: Character] = [:]
        var rows: [String] = []
        for row in styles {
            var line = ""
            for style in row {
                if symbolOf[style] == nil {
                    symbolOf[style] = Self.symbols[legend.count]
                    legend.append(style)
                }
                line.append(symbolOf[style]!)
            }
            rows.append(line)
        }
        return (["nnscope screen \(width)x\(height)"] + text.map { "|" + $0 + "|" } + ["styles"] + rows.map { "|" + $0 + "|" }
            + ["legend"] + legend.enumerated().map { "\(Self.symbols[$0.offset]) \($0.element)" }).joined(separator: "\n") + "\n"
    }

    /// Reads a golden file back; nil when it is not one.
    init?(serialized: String) {
        let lines = serialized.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let first = lines.first, first.hasPrefix("nnscope screen "),
              case let size = first.dropFirst("nnscope screen ".count).split(separator: "x"), size.count == 2,
              let w = Int(size[0]), let h = Int(size[1]), lines.count >= 2 * h + 3 else { return nil }
        width = w
        height = h
        func unbar(_ s: String) -> String { String(s.dropFirst().dropLast()) }
        text = lines[1...h].map(unbar)
        let rows = lines[(h + 2)...(2 * h + 1)].map(unbar)
        var legend: [Character: String] = [:]
        for line in lines[(2 * h + 3)...] where !line.isEmpty {
            legend[line.first!] = String(line.dropFirst(2))
        }
        styles = rows.map { $0.map { legend[$0] ?? "?" } }
    }

    /// Compares `buffer` with Tests/AppTests/Golden/NAME.txt cell by cell (or rewrites the file).
    static func expect(_ buffer: Buffer, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Golden/\(name).txt")
        let got = GoldenScreen(buffer)
        if ProcessInfo.processInfo.environment["NNSCOPE_UPDATE_GOLDEN"] == "1" {
            try got.serialized.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let file = try? String(contentsOf: url, encoding: .utf8), let want = GoldenScreen(serialized: file) else {
            Issue.record("\(name): no golden file at \(url.path); make bless writes it", sourceLocation: sourceLocation)
            return
        }
        guard got.width == want.width, got.height == want.height else {
            Issue.record("\(name): the screen is \(got.width)x\(got.height), the golden file \(want.width)x\(want.height)", sourceLocation: sourceLocation)
            return
        }
        var reported = 0
        for row in 0..<got.height where got.text[row] != want.text[row] && reported < 5 {
            Issue.record("\(name) row \(row) text:\n got  |\(got.text[row])|\n want |\(want.text[row])|", sourceLocation: sourceLocation)
            reported += 1
        }
        for row in 0..<got.height {
            for column in 0..<got.width where got.styles[row][column] != want.styles[row][column] && reported < 10 {
                Issue.record("\(name) row \(row) column \(column) style: got \(got.styles[row][column]), want \(want.styles[row][column])",
                             sourceLocation: sourceLocation)
                reported += 1
            }
        }
    }
}
