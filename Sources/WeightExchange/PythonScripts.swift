import Activations
import NeuralNetwork

/// Self-contained Python scripts with the same forward pass as nnscope: `numpy` (numpy alone) and
/// `pytorch` (an `nn.Module` whose state dict has exactly the weight file's names). Both read the
/// weight file next to them, take a CSV of raw inputs and print what `nnscope predict --csv` prints.
public enum PythonScripts {
    public enum Kind: Sendable { case numpy, pytorch }

    /// The script for `weights`, loading `weightsFile` (a file name, looked up beside the script).
    public static func script(_ kind: Kind, for weights: NetworkWeights, weightsFile: String, programVersion: String) -> String {
        let layers = weights.network.layers
        var s = """
            #!/usr/bin/env python3
            # The network of \(pythonComment(weights.source)), exported by \(programVersion).
            # Usage: python3 THIS_SCRIPT.py data.csv
            #   data.csv: one row of \(weights.rawInputs) raw input value\(weights.rawInputs == 1 ? "" : "s") per example (a header row and a
            #   last label column are skipped); prints the predictions as `nnscope predict --csv` does.
            # \(kind == .numpy ? "Needs numpy only." : "Needs torch and numpy.") The weights: \(weightsFile), next to this script.
            import csv, json, math, os, struct, sys
            import numpy as np

            """
        if kind == .pytorch {
            s += "import torch\nimport torch.nn as nn\nimport torch.nn.functional as F\n"
        }
        s += """

            WEIGHTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), \(pythonString(weightsFile)))
            INPUTS = \(weights.rawInputs)
            CLASSES = \(weights.classNames.map { "[" + $0.map(pythonString).joined(separator: ", ") + "]" } ?? "None")
            LOSS = \(pythonString(weights.network.loss.rawValue))


            def load_weights(path):
                \"\"\"Every tensor of a .safetensors or .npz file by name, as numpy arrays.\"\"\"
                if path.endswith(".npz"):
                    with np.load(path, allow_pickle=False) as z:
                        return {k: z[k] for k in z.files if k != "__metadata__"}
                with open(path, "rb") as f:
                    (n,) = struct.unpack("<Q", f.read(8))
                    header = json.loads(f.read(n))
                    data = f.read()
                dtypes = {"F32": "<f4", "F64": "<f8"}
                return {name: np.frombuffer(data[t["data_offsets"][0]:t["data_offsets"][1]], dtype=dtypes[t["dtype"]]).reshape(t["shape"])
                        for name, t in header.items() if name != "__metadata__"}


            def read_rows(path):
                \"\"\"The raw inputs of a CSV file: INPUTS numbers per row; a header row and a last label column are skipped.\"\"\"
                with open(path, newline="") as f:
                    rows = [r for r in csv.reader(f) if any(c.strip() for c in r)]

                def numeric(row):
                    try:
                        [float(c) for c in row[:INPUTS]]
                        return True
                    except ValueError:
                        return False
                if rows and not numeric(rows[0]):
                    rows = rows[1:]
                for i, r in enumerate(rows):
                    if len(r) not in (INPUTS, INPUTS + 1) or not numeric(r):
                        sys.exit(f"{path}: row {i + 1} is not {INPUTS} numbers (and an optional label)")
                return np.array([[float(c) for c in r[:INPUTS]] for r in rows], dtype=np.float64).reshape(-1, INPUTS)


            def features(x):
                \"\"\"The network's input columns: \(weights.features.joined(separator: ", ")).\"\"\"
                return np.stack([\(weights.features.map { FeatureTerm(parsing: $0)!.python }.joined(separator: ", "))], axis=1)


            def sigmoid(z):
                return 0.5 * (1 + np.tanh(0.5 * z))


            """
        switch kind {
        case .numpy:
            s += """
                def predict(w, x):
                    \"\"\"Class probabilities (or regression values) for raw inputs x, in float64.\"\"\"
                    a = (features(x) - w["input.mean"]) / w["input.std"]

                """
            for (l, layer) in layers.enumerated() {
                let n = l + 1
                s += "    z = a @ w[\"layer\(n).weight\"].T.astype(np.float64) + w[\"layer\(n).bias\"]\n"
                if layer.normalization != nil {
                    let p = "w[\"layer\(n).norm."
                    s += "    z = (z - \(p)running_mean\"]) / np.sqrt(\(p)running_var\"] + \(BatchNorm.epsilon)) * \(p)weight\"] + \(p)bias\"]\n"
                }
                s += "    a = \(numpyUnit(layer.unit, layer: n))\n"
            }
            s += """
                    return output(a)


                def output(z):
                    if LOSS == "softmax-cross-entropy":
                        e = np.exp(z - z.max(axis=1, keepdims=True))
                        return e / e.sum(axis=1, keepdims=True)
                    if LOSS == "binary-cross-entropy":
                        p = sigmoid(z[:, 0])
                        return np.stack([1 - p, p], axis=1)
                    return z


                def main():
                    probabilities = predict(load_weights(WEIGHTS), read_rows(sys.argv[1]))
                    report(probabilities)


                """
        case .pytorch:
            s += """
                class Dense(nn.Linear):
                    \"\"\"torch.nn.Linear (weight [units, inputs], bias) with its units' learned parameters beside them.\"\"\"

                    def __init__(self, inputs, width, slope=0, beta=False, norm=False):
                        super().__init__(inputs, width)
                        if slope:
                            self.slope = nn.Parameter(torch.zeros(slope))
                        if beta:
                            self.beta = nn.Parameter(torch.zeros(1))
                        if norm:
                            self.norm = nn.BatchNorm1d(width, eps=\(BatchNorm.epsilon), momentum=\(BatchNorm.momentum))


                class Standardize(nn.Module):
                    \"\"\"x' = (x - mean) / std in float64, then float32: nnscope's input standardisation.\"\"\"

                    def __init__(self, n):
                        super().__init__()
                        self.register_buffer("mean", torch.zeros(n, dtype=torch.float64))
                        self.register_buffer("std", torch.ones(n, dtype=torch.float64))

                    def forward(self, x):
                        return ((x - self.mean) / self.std).float()


                class Net(nn.Module):
                    \"\"\"\(weights.network.shapeDescription): \(layers.map(\.unit.spec).joined(separator: ", ")); forward() returns the logits.\"\"\"

                    def __init__(self):
                        super().__init__()
                        self.input = Standardize(\(weights.network.inputs))

                """
            for (l, layer) in layers.enumerated() {
                var extra = ""
                if let p = NetworkWeights.unitParameterName(layer.unit) {
                    extra = p == "slope" ? ", slope=\(layer.units)" : ", beta=True"
                }
                if layer.normalization != nil { extra += ", norm=True" }
                s += "        self.layer\(l + 1) = Dense(\(layer.inputs), \(layer.width)\(extra))\n"
            }
            s += "\n    def forward(self, x):\n        a = self.input(x)\n"
            for (l, layer) in layers.enumerated() {
                let z = layer.normalization == nil ? "self.layer\(l + 1)(a)" : "self.layer\(l + 1).norm(self.layer\(l + 1)(a))"
                s += "        a = \(torchUnit(layer.unit, layer: l + 1, z: z))\n"
            }
            s += """
                        return a


                def probabilities(logits):
                    if LOSS == "softmax-cross-entropy":
                        return torch.softmax(logits, dim=1)
                    if LOSS == "binary-cross-entropy":
                        p = torch.sigmoid(logits[:, 0])
                        return torch.stack([1 - p, p], dim=1)
                    return logits


                def main():
                    model = Net()
                    state = {k: torch.from_numpy(v.copy()) for k, v in load_weights(WEIGHTS).items()}
                    for k, v in model.state_dict().items():
                        if k.endswith("num_batches_tracked"):
                            state.setdefault(k, v)  # BatchNorm1d's counter: not in the file, not used in eval mode
                    model.load_state_dict(state)
                    model.eval()
                    with torch.no_grad():
                        x = torch.from_numpy(np.ascontiguousarray(features(read_rows(sys.argv[1]))))
                        report(probabilities(model(x)).double().numpy())


                """
        }
        s += """
            def report(values):
                \"\"\"Prints the predictions as CSV, as `nnscope predict --csv` does.\"\"\"
                out = csv.writer(sys.stdout, lineterminator="\\n")
                if CLASSES is not None:
                    out.writerow(["class"] + ["p_" + c for c in CLASSES])
                    for row in values:
                        out.writerow([CLASSES[int(np.argmax(row))]] + [repr(float(v)) for v in row])
                else:
                    out.writerow(["y"] if values.shape[1] == 1 else [f"y{j + 1}" for j in range(values.shape[1])])
                    for row in values:
                        out.writerow([repr(float(v)) for v in row])


            if __name__ == "__main__":
                if len(sys.argv) != 2:
                    sys.exit(f"usage: {sys.argv[0]} data.csv")
                main()

            """
        return s
    }

    static func number(_ x: Double) -> String { x.isFinite ? "\(x)" : "float('nan')" }

    /// The unit's function of `z` in numpy.
    static func numpyUnit(_ unit: UnitKind, layer n: Int) -> String {
        guard case let .activation(f) = unit else { return "z.reshape(len(z), -1, \(unit.pieces)).max(axis=2)" }
        let p = number(f.parameter)
        switch f.kind {
        case .identity: return "z"
        case .logistic: return "sigmoid(z)"
        case .tanh: return "np.tanh(z)"
        case .hardLogistic: return "np.clip(0.25 * z + 0.5, 0, 1)"
        case .hardTanh: return "np.clip(z, -1, 1)"
        case .relu: return "np.maximum(z, 0)"
        case .leakyRelu: return "np.where(z > 0, z, \(p) * z)"
        case .prelu: return "np.where(z > 0, z, w[\"layer\(n).slope\"] * z)"
        case .elu: return "np.where(z > 0, z, \(p) * np.expm1(np.minimum(z, 0)))"
        case .softplus: return "np.logaddexp(0, z)"
        case .swish: return f.learnable ? "z * sigmoid(w[\"layer\(n).beta\"][0] * z)" : "z * sigmoid(\(p) * z)"
        case .gelu: return "z * 0.5 * (1 + np.vectorize(math.erf)(z / math.sqrt(2)))"
        case .geluTanh: return "0.5 * z * (1 + np.tanh(0.7978845608028654 * (z + 0.044715 * z ** 3)))"
        }
    }

    /// The unit's function of `z` in torch, by torch's names where torch has the function.
    static func torchUnit(_ unit: UnitKind, layer n: Int, z: String) -> String {
        guard case let .activation(f) = unit else { return "(lambda z: z.view(z.shape[0], -1, \(unit.pieces)).amax(dim=2))(\(z))" }
        let p = number(f.parameter)
        switch f.kind {
        case .identity: return z
        case .logistic: return "torch.sigmoid(\(z))"
        case .tanh: return "torch.tanh(\(z))"
        case .hardLogistic: return "torch.clamp(0.25 * \(z) + 0.5, 0, 1)"
        case .hardTanh: return "F.hardtanh(\(z))"
        case .relu: return "F.relu(\(z))"
        case .leakyRelu: return "F.leaky_relu(\(z), \(p))"
        case .prelu: return "F.prelu(\(z), self.layer\(n).slope)"
        case .elu: return "F.elu(\(z), \(p))"
        case .softplus: return "F.softplus(\(z))"
        case .swish:
            if f.learnable { return "(lambda z: z * torch.sigmoid(self.layer\(n).beta * z))(\(z))" }
            return f.parameter == 1 ? "F.silu(\(z))" : "(lambda z: z * torch.sigmoid(\(p) * z))(\(z))"
        case .gelu: return "F.gelu(\(z))"
        case .geluTanh: return "F.gelu(\(z), approximate=\"tanh\")"
        }
    }

    /// A Python string literal.
    static func pythonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\"": out += "\\\""
            case "\n": out += "\\n"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: out += "\\x" + String(scalar.value, radix: 16).leftPadded(2)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    static func pythonComment(_ text: String) -> String { String(text.map { $0 == "\n" || $0 == "\r" ? " " : $0 }) }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}
