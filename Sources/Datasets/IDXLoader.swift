/// Loads image/label pairs in the IDX format (MNIST, Fashion-MNIST, ...), plain or gzip-compressed.
///
/// Images: an unsigned-byte IDX file of 2 or more dimensions (count × rows × columns for MNIST); each
/// image becomes one row of `rows × columns` features scaled to [0, 1]. Labels: an unsigned-byte IDX
/// file of one dimension with the same count. The sorted distinct label values become the classes,
/// named by their value ("0" ... "9" for MNIST).
public enum IDXLoader {
    /// Reads both headers, checks they fit together, then reads the data.
    public static func load(images imagesPath: String, labels labelsPath: String) throws(DatasetError) -> Dataset {
        let images = try IDXReader(path: imagesPath, expectedDimensions: 2...255, role: "images")
        let labels = try IDXReader(path: labelsPath, expectedDimensions: 1...1, role: "labels")
        let count = images.dimensions[0]
        guard labels.dimensions[0] == count else {
            throw .mismatch(message: "\(imagesPath) has \(count) images but \(labelsPath) has \(labels.dimensions[0]) labels")
        }
        let features = images.elementCount / count
        guard images.elementCount <= CSVLoader.maximumValues else {
            throw .idx(path: imagesPath, offset: 4,
                       message: "too much data: \(images.elementCount) pixels, more than the \(CSVLoader.maximumValues) limit")
        }

        let labelBytes = try labels.readData()
        var present = [Bool](repeating: false, count: 256)
        for byte in labelBytes { present[Int(byte)] = true }
        let values = (0..<256).filter { present[$0] }
        guard values.count >= 2 else {
            throw .idx(path: labelsPath, offset: nil,
                       message: "every label is \(values.first ?? 0): classification needs at least two classes")
        }
        var classOfValue = [Int](repeating: 0, count: 256)
        for (classIndex, value) in values.enumerated() { classOfValue[value] = classIndex }

        let pixels = try images.readData()
        let inputs = pixels.map { Double($0) / 255 }
        return Dataset(name: "idx:\(imagesPath),\(labelsPath)", count: count, features: features, inputs: inputs,
                       task: .classification(labels: labelBytes.map { classOfValue[Int($0)] },
                                             classNames: values.map(String.init)))
    }
}
