import CNCursesW

/// What the terminal reported: a key, or a click of the left mouse button on a cell.
public enum InputEvent: Hashable, Sendable {
    case key(Key)
    /// The left button went down on column `x`, row `y` (from 0, the screen's top left).
    case click(x: Int, y: Int)

    /// Decodes a mouse report's button state: a press or click of button 1 at (`x`, `y`) is a
    /// click; other buttons, releases and positions off the screen are nil.
    public static func decodeMouse(x: Int, y: Int, buttonState: UInt) -> InputEvent? {
        let wanted = UInt(nn_button1_pressed()) | UInt(nn_button1_clicked())
        guard buttonState & wanted != 0, x >= 0, y >= 0 else { return nil }
        return .click(x: x, y: y)
    }
}
