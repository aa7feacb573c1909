@testable import Render

/// Renders `widget` into a fresh buffer of the given size.
func rendered(_ widget: some Widget, width: Int, height: Int, theme: Theme = .plain) -> Buffer {
    var buffer = Buffer(width: width, height: height)
    widget.render(in: buffer.area, buffer: &buffer, theme: theme)
    return buffer
}
