/// A dataset described by one line of text, as typed on the command line and recorded in sessions.
///
/// Syntax (options are comma-separated, `key=value` or a bare flag):
///
///     spiral                                  built-in generator with its defaults
///     spiral:classes=5,points=300,noise=0.2   generator options: points=N, noise=X, classes=K (spiral only)
///     sine:points=100
///     csv:PATH                                label in the last column, header detected
///     csv:PATH:label-column=2,task=regression,no-header
///     idx:IMAGES,LABELS                       MNIST-style files, plain or .gz
///
/// Every form also takes `standardize` or `no-standardize` (files default to standardize, generators
/// to no-standardize); the trainer reads `standardize`. In file specs the text after the last ':' is
/// the option list unless it contains '/'; a path that itself contains ':' is written with a final
/// ':' (`csv:odd:name.csv:`). `description` always produces text that parses back to an equal spec.
public struct DatasetSpec: Sendable, Equatable, CustomStringConvertible {
    /// Where the data comes from.
    public enum Source: Sendable, Equatable {
        /// A built-in generator; nil parameters take the generator's defaults.
        case synthetic(SyntheticKind, points: Int?, noise: Double?, classes: Int?)
        case csv(path: String, options: CSVOptions)
        case idx(images: String, labels: String)
    }

    /// The names of the built-in generators.
    public static let builtInNames: [String] = SyntheticKind.allCases.map(\.rawValue)

    /// Accepted ranges for generator options.
    public static let pointsRange = 1...1_000_000
    public static let noiseRange = 0.0...10.0
    public static let classesRange = 2...100

    public var source: Source
    /// An explicit `standardize` (true) or `no-standardize` (false) option; nil when not given.
    public var standardizeOption: Bool?

    public init(source: Source, standardize: Bool? = nil) {
        self.source = source
        self.standardizeOption = standardize
    }

    /// True for data read from files (`csv:`, `idx:`), false for the generators.
    public var isFile: Bool {
        if case .synthetic = source { return false }
        return true
    }

    /// Whether the trainer should standardise inputs (with the training split's statistics):
    /// the explicit option, else true for files and false for generators (already well scaled),
    /// except `plane` and `gaussians`, whose points span [-6, 6]² (Playground's scale).
    public var standardize: Bool {
        if let standardizeOption { return standardizeOption }
        if case let .synthetic(kind, _, _, _) = source { return kind.standardizedByDefault }
        return true
    }

    /// Builds the dataset: generators draw from `seed`; files ignore it. The dataset's `name` is
    /// this spec's `description`.
    public func make(seed: UInt64) throws(DatasetError) -> Dataset {
        var dataset: Dataset
        switch source {
        case let .synthetic(kind, points, noise, classes):
            dataset = kind.generate(points: points, noise: noise, classes: classes, seed: seed)
        case let .csv(path, options):
            dataset = try CSVLoader.load(path: path, options: options)
        case let .idx(images, labels):
            dataset = try IDXLoader.load(images: images, labels: labels)
        }
        dataset.name = description
        return dataset
    }

    public var description: String {
        var options: [String] = []
        let text: String
        switch source {
        case let .synthetic(kind, points, noise, classes):
            if let classes { options.append("classes=\(classes)") }
            if let points { options.append("points=\(points)") }
            if let noise { options.append("noise=\(noise)") }
            appendStandardize(to: &options)
            return options.isEmpty ? kind.rawValue : kind.rawValue + ":" + options.joined(separator: ",")
        case let .csv(path, csvOptions):
            if let column = csvOptions.labelColumn { options.append("label-column=\(column)") }
            if csvOptions.regression { options.append("task=regression") }
            switch csvOptions.header {
            case .auto: break
            case .present: options.append("header")
            case .absent: options.append("no-header")
            }
            text = "csv:" + path
        case let .idx(images, labels):
            text = "idx:" + images + "," + labels
        }
        appendStandardize(to: &options)
        if options.isEmpty { return text.dropFirst(4).contains(":") ? text + ":" : text }
        return text + ":" + options.joined(separator: ",")
    }

    private func appendStandardize(to options: inout [String]) {
        if let standardizeOption { options.append(standardizeOption ? "standardize" : "no-standardize") }
    }
}
