/// How much of a split one part gets.
public enum Constraint: Hashable, Sendable {
    /// Exactly `n` cells (less only when the area is too small).
    case fixed(Int)
    /// `p` percent of the space left after spacing.
    case percent(Int)
    /// At least `n` cells; shares leftover space like `.fill`.
    case min(Int)
    /// An equal share of whatever space is left.
    case fill
}

/// Splits a rectangle into rows or columns by constraints, so screens adapt to any terminal size.
/// Sizes are never negative; parts that do not fit shrink from the last one backwards.
public struct Layout: Hashable, Sendable {
    public enum Direction: Hashable, Sendable {
        /// Parts stacked top to bottom.
        case vertical
        /// Parts side by side, left to right.
        case horizontal
    }

    public var direction: Direction
    public var constraints: [Constraint]
    /// Empty cells between neighbouring parts.
    public var spacing: Int

    public init(_ direction: Direction, _ constraints: [Constraint], spacing: Int = 0) {
        self.direction = direction
        self.constraints = constraints
        self.spacing = max(0, spacing)
    }

    /// Rows from top to bottom.
    public static func rows(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.vertical, constraints, spacing: spacing)
    }

    /// Columns from left to right.
    public static func columns(_ constraints: [Constraint], spacing: Int = 0) -> Layout {
        Layout(.horizontal, constraints, spacing: spacing)
    }

    /// One rectangle per constraint, in order.
    public func split(_ area: Rect) -> [Rect] {
        let sizes = Layout.sizes(for: constraints,
                                 length: direction == .vertical ? area.height : area.width,
                                 spacing: spacing)
        var offset = 0
        return sizes.map { size in
            defer { offset += size + spacing }
            let start = min(offset, direction == .vertical ? area.height : area.width)
            switch direction {
            case .vertical: return Rect(x: area.x, y: area.y + start, width: area.width, height: size)
            case .horizontal: return Rect(x: area.x + start, y: area.y, width: size, height: area.height)
            }
        }
    }

    /// The length of each part for a total `length`.
    static func sizes(for constraints: [Constraint], length: Int, spacing: Int) -> [Int] {
        guard !constraints.isEmpty else { return [] }
        let available = max(0, length - spacing * (constraints.count - 1))
        var sizes = constraints.map { constraint -> Int in
            switch constraint {
            case .fixed(let n), .min(let n): return max(0, n)
            case .percent(let p): return available * Swift.min(100, Swift.max(0, p)) / 100
            case .fill: return 0
            }
        }
        var excess = sizes.reduce(0, +) - available
        var index = sizes.count - 1
        while excess > 0 && index >= 0 {
            let cut = Swift.min(excess, sizes[index])
            sizes[index] -= cut
            excess -= cut
            index -= 1
        }
        let growable = constraints.indices.filter {
            switch constraints[$0] {
            case .min, .fill: return true
            default: return false
            }
        }
        let leftover = available - sizes.reduce(0, +)
        if leftover > 0 && !growable.isEmpty {
            // Water-filling: growable parts end up equal, except minimums larger than the share.
            var open = growable
            var pool = leftover + growable.reduce(0) { $0 + sizes[$1] }
            while true {
                let share = pool / open.count
                let keep = open.filter { sizes[$0] > share }
                if keep.isEmpty || keep.count == open.count { break }
                pool -= keep.reduce(0) { $0 + sizes[$1] }
                open.removeAll { keep.contains($0) }
            }
            let share = pool / open.count
            for (rank, index) in open.enumerated() {
                sizes[index] = Swift.max(sizes[index], share + (rank < pool % open.count ? 1 : 0))
            }
        }
        return sizes
    }
}
