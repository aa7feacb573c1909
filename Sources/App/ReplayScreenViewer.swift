import Terminal

/// What the full-screen replay (`ReplayApp`) drives: one session (`ReplayViewer`) or two side by
/// side (`ComparedReplayViewer`). Used on the UI thread only.
public protocol ReplayScreenViewer: AnyObject {
    /// Applies a key; true when the user leaves the replay.
    func handle(_ key: Key) -> Bool
    /// Advances playback by `seconds` of wall time; true when the frame changed.
    func tick(seconds: Double) -> Bool
    /// The data panels' new resolution after a resize.
    func resize(grid: GridSize)
    /// The screen model of the frame shown.
    func model() -> ScreenModel
    /// Applies a mouse click on cell (`x`, `y`) of a `width`×`height` screen.
    func handleClick(x: Int, y: Int, width: Int, height: Int)
}

extension ReplayScreenViewer {
    /// Viewers without clickable views (the side-by-side replay) ignore clicks.
    public func handleClick(x: Int, y: Int, width: Int, height: Int) {}
}
