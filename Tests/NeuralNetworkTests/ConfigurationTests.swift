import NeuralNetwork
import Testing

@Suite("Settings parse, validate and round-trip")
struct ConfigurationTests {
    @Test("every setting round-trips through its text form")
    func roundTrip() throws {
        var c = TrainingConfiguration()
        try c.set("layers", "8,4,2")
        try c.set("act", "elu:0.5")
        try c.set("layer-activations", "2=tanh")
        try c.set("init", "glorot")
        try c.set("optimizer", "adam")
        try c.set("learning-rate", "0.003")
        try c.set("seed", "42")
        let back = try TrainingConfiguration(keyValuePairs: c.keyValuePairs)
        #expect(back == c)
        #expect(back.hiddenUnits.map(\.name) == ["elu", "tanh", "elu"])
        #expect(c.effectiveInitializer == .xavier)
    }

    @Test("bad values are refused with a message and change nothing",
          arguments: [("lr", "abc", "lr abc: 'abc' is not a number"),
                      ("activation", "leaky-rlu", "did you mean 'leaky-relu'?"),
                      ("layers", "16,x", "'x' is not a width"),
                      ("layers", "4611686018427387904", "is not a width"),
                      ("optimiser", "adam", "did you mean 'optimizer'?"),
                      ("val", "2", "val 2: must be from 0 to 0.9"),
                      ("b", "1", "ambiguous")])
    func badValues(key: String, value: String, message: String) {
        var c = TrainingConfiguration()
        #expect(throws: NetworkError.self) { try c.set(key, value) }
        do { try c.set(key, value) } catch { #expect(error.description.contains(message), "\(error)") }
        #expect(c == TrainingConfiguration())
    }

    @Test("defaults: He for the ReLU family, Xavier otherwise")
    func defaultInitialisers() throws {
        #expect(TrainingConfiguration().effectiveInitializer == .he)
        var c = TrainingConfiguration()
        try c.set("activation", "tanh")
        #expect(c.effectiveInitializer == .xavier)
        try c.set("activation", "maxout:3")
        #expect(c.effectiveInitializer == .he)
    }

    @Test("the experiment re-initialises for structural settings only")
    func experimentChanges() throws {
        let e = try Experiment(configuration: TrainingConfiguration())
        e.stepEpoch()
        #expect(try e.set("lr", "0.05") == .live)
        #expect(e.trainer.epoch == 1)
        #expect(e.trainer.learningRate == 0.05)
        #expect(try e.set("activation", "tanh") == .reinitialized)
        #expect(e.trainer.epoch == 0)
        #expect(e.configuration.activation.name == "tanh")
        #expect(throws: NetworkError.self) { try e.set("activation", "bogus") }
        #expect(e.configuration.activation.name == "tanh")
    }
}
