import Render

/// Allocates ncurses colour pairs on demand: each distinct (foreground, background) gets a pair
/// number the first time it is drawn. Pair 0 is the terminal default and is never allocated.
public struct ColorPairCache: Sendable {
    /// How many pairs the terminal supports (ncurses' `COLOR_PAIRS`).
    public let capacity: Int
    /// How many colours the terminal has (`COLORS`).
    public let colorCount: Int
    /// Whether `use_default_colors` succeeded, so -1 means "terminal default".
    public let hasDefaultColors: Bool
    private var pairs: [ColorKey: Int16] = [:]

    struct ColorKey: Hashable, Sendable {
        var foreground: Int16
        var background: Int16
    }

    public init(capacity: Int, colorCount: Int, hasDefaultColors: Bool) {
        self.capacity = max(0, min(capacity, Int(Int16.max)))
        self.colorCount = max(0, colorCount)
        self.hasDefaultColors = hasDefaultColors
    }

    /// The ncurses colour number for a colour: -1 for the default (white or black without
    /// default-colour support), the index when the terminal has it, else the index folded into 0-7.
    public func cursesColor(_ color: Color, isForeground: Bool) -> Int16 {
        switch color {
        case .default:
            return hasDefaultColors ? -1 : (isForeground ? 7 : 0)
        case .indexed(let index):
            if Int(index) < colorCount { return Int16(index) }
            return colorCount >= 8 ? Int16(index % 8) : (isForeground ? 7 : 0)
        }
    }

    /// The pair for a colour combination and whether it is new (the caller must `init_pair` it).
    /// Returns pair 0 for default colours and when all pairs are used up.
    public mutating func pair(foreground: Color, background: Color) -> (pair: Int16, isNew: Bool, foreground: Int16, background: Int16) {
        let key = ColorKey(foreground: cursesColor(foreground, isForeground: true),
                           background: cursesColor(background, isForeground: false))
        if foreground == .default && background == .default { return (0, false, key.foreground, key.background) }
        if let existing = pairs[key] { return (existing, false, key.foreground, key.background) }
        guard pairs.count + 1 < capacity else { return (0, false, key.foreground, key.background) }
        let number = Int16(pairs.count + 1)
        pairs[key] = number
        return (number, true, key.foreground, key.background)
    }

    /// Forgets all pairs (after the screen restarts).
    public mutating func reset() {
        pairs.removeAll()
    }
}
