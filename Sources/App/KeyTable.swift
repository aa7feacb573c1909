import Foundation
import Terminal

/// One row of a key table: how the help overlay and the README name its keys ("a / A"), what
/// they do, the bottom line's short word for it (nil: the row is not in the hint line), and the
/// keys with the typed command each one means. A row without bindings documents a pointer action
/// (a click), which has no key.
public struct KeyRow<Command: Sendable & Equatable>: Sendable {
    public let label: String
    public let summary: String
    public let hint: String?
    public let bindings: [(key: Key, command: Command)]

    init(_ label: String, _ summary: String, hint: String? = nil, _ bindings: [(key: Key, command: Command)]) {
        self.label = label
        self.summary = summary
        self.hint = hint
        self.bindings = bindings
    }

    /// The row's keys as the hint line names them: "a / A" becomes "a/A".
    public var hintLabel: String {
        String(label.drop(while: { $0 == " " })).replacingOccurrences(of: " / ", with: "/")
    }
}

/// The keys of one context (live training, replay, the go-to prompt, a view, the lesson, the help
/// overlay), declared once as rows: the context's controller looks its bindings up here, and the
/// help overlay, the hint line and the README's table are generated from the same rows.
public struct KeyTable<Command: Sendable & Equatable>: Sendable {
    /// What the context is called in messages and in the README ("replay").
    public let name: String
    public let rows: [KeyRow<Command>]
    private let lookup: [Key: Command]

    /// A key bound twice within one table.
    public struct DuplicateKey: Error, Equatable, CustomStringConvertible {
        public let table: String
        public let key: Key
        public var description: String { "the \(table) keys bind \(key) twice" }
    }

    /// The table of `rows`; throws when a key is bound twice.
    public init(checking name: String, _ rows: [KeyRow<Command>]) throws(DuplicateKey) {
        var lookup: [Key: Command] = [:]
        for row in rows {
            for binding in row.bindings {
                guard lookup[binding.key] == nil else { throw DuplicateKey(table: name, key: binding.key) }
                lookup[binding.key] = binding.command
            }
        }
        self.name = name
        self.rows = rows
        self.lookup = lookup
    }

    /// The table of `rows`, declared in the code: a key bound twice stops the program at once
    /// (every table is built by the tests).
    init(_ name: String, _ rows: [KeyRow<Command>]) {
        do {
            try self.init(checking: name, rows)
        } catch {
            preconditionFailure(error.description)
        }
    }

    /// What `key` means in this context, if anything.
    public func command(for key: Key) -> Command? {
        lookup[key]
    }

    /// Every bound key.
    public var keys: Set<Key> { Set(lookup.keys) }

    /// The row that binds `command`, if one does.
    public func row(of command: Command) -> KeyRow<Command>? {
        rows.first { $0.bindings.contains { $0.command == command } }
    }

    /// The rows as (label, summary) pairs, as the help overlay lists them.
    public var entries: [(key: String, action: String)] {
        rows.map { ($0.label, $0.summary) }
    }
}
