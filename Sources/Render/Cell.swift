/// One terminal cell: a grapheme and its style.
///
/// A wide grapheme (East Asian wide, emoji) occupies its cell and the cell to its right; that second
/// cell is marked `isContinuation` and is skipped when the buffer is drawn or turned into text.
public struct Cell: Hashable, Sendable {
    public var character: Character
    public var foreground: Color
    public var background: Color
    public var attributes: Attributes
    /// True for the right half of a wide grapheme written in the cell to the left.
    public var isContinuation: Bool

    public init(_ character: Character = " ", style: Style = .plain) {
        self.character = character
        self.foreground = style.foreground
        self.background = style.background
        self.attributes = style.attributes
        self.isContinuation = false
    }

    /// An empty cell with default colours.
    public static let blank = Cell()

    /// The cell's colours and attributes as one value.
    public var style: Style {
        get { Style(foreground: foreground, background: background, attributes: attributes) }
        set {
            foreground = newValue.foreground
            background = newValue.background
            attributes = newValue.attributes
        }
    }
}
