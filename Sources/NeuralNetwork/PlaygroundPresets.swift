/// The values of TensorFlow Playground's menus, offered by the command line's completion
/// (`set lr <Tab>`, `set l1 <Tab>`, ...).
public enum PlaygroundPresets {
    /// Playground's "Learning rate" menu.
    public static let learningRates = ["0.00001", "0.0001", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"]
    /// Playground's "Regularization rate" menu (for `l1` and `weight-decay`, its L2).
    public static let regularizationRates = ["0", "0.001", "0.003", "0.01", "0.03", "0.1", "0.3", "1", "3", "10"]
    /// Playground's noise slider, 0 to 50 in steps of 5, as shares.
    public static let noiseShares = ["0", "0.05", "0.1", "0.15", "0.2", "0.25", "0.3", "0.35", "0.4", "0.45", "0.5"]
}
