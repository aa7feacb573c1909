import Activations
import Testing
import Spelling

@Suite("Activation parsing")
struct ParsingTests {
    @Test("every kind parses by its name, in any case", arguments: ActivationKind.allCases)
    func names(kind: ActivationKind) throws {
        #expect(try Activation(parsing: kind.rawValue) == Activation(kind))
        #expect(try Activation(parsing: kind.rawValue.uppercased()).kind == kind)
        #expect(ActivationKind(name: kind.rawValue) == kind)
    }

    @Test("aliases", arguments: [
        ("sigmoid", ActivationKind.logistic), ("Sigmoid", .logistic), ("linear", .identity),
        ("leakyrelu", .leakyRelu), ("leaky_relu", .leakyRelu), ("hard-sigmoid", .hardLogistic), ("silu", .swish),
    ])
    func aliases(name: String, kind: ActivationKind) throws {
        #expect(try Activation(parsing: name).kind == kind)
    }

    @Test("parameters and the learned flag")
    func parameters() throws {
        let elu = try Activation(parsing: "elu:0.5")
        #expect(elu.kind == .elu && elu.parameter == 0.5 && !elu.learnable)
        #expect(try Activation(parsing: "leaky-relu:0.2").parameter == 0.2)
        #expect(try Activation(parsing: "leaky-relu").parameter == 0.01)
        #expect(try Activation(parsing: "sigmoid").parameter == 0)
        let swish = try Activation(parsing: "swish:1.5:learned")
        #expect(swish.kind == .swish && swish.parameter == 1.5 && swish.learnable && swish.hasLearnedParameter)
        #expect(try Activation(parsing: "swish:2:learnable").hasLearnedParameter)
        #expect(try !Activation(parsing: "swish:2").hasLearnedParameter)
        let prelu = try Activation(parsing: "prelu")
        #expect(prelu.parameter == 0.25 && prelu.hasLearnedParameter)
        #expect(try Activation(parsing: "prelu:-0.1").parameter == -0.1)
    }

    @Test("spec reads back to the same activation", arguments: activationsUnderTest)
    func specRoundTrip(activation: Activation) throws {
        #expect(try Activation(parsing: activation.spec) == activation)
    }

    @Test("descriptions name the parameter")
    func descriptions() {
        #expect(Activation(.relu).description == "relu")
        #expect(Activation(.leakyRelu).description == "leaky-relu(gamma=0.01)")
        #expect(Activation(.swish, learnable: true).description == "swish(beta=1.0, learned)")
        #expect(Activation(.prelu).description == "prelu(slope=0.25, learned)")
    }

    @Test("bad input is rejected with a clear error", arguments: [
        ("leaky-rlu", ActivationError.unknownName("leaky-rlu", suggestion: "leaky-relu")),
        ("sigmod", .unknownName("sigmod", suggestion: "sigmoid")),
        ("gelux", .unknownName("gelux", suggestion: "gelu")),
        ("hard_tanh", .unknownName("hard_tanh", suggestion: "hard-tanh")),
        ("", .unknownName("", suggestion: nil)),
        ("convolution", .unknownName("convolution", suggestion: nil)),
        ("relu:0.5", .takesNoParameter("relu")),
        ("sigmoid:2", .takesNoParameter("logistic")),
        ("elu:abc", .badParameter("elu", "abc")),
        ("elu:", .badParameter("elu", "")),
        ("elu:inf", .badParameter("elu", "inf")),
        ("elu:nan", .badParameter("elu", "nan")),
        ("elu:1:learned", .badParameter("elu", "learned")),
        ("swish:1:maybe", .badParameter("swish", "maybe")),
        ("swish:1:learned:x", .badParameter("swish", "swish:1:learned:x")),
    ])
    func badInput(text: String, expected: ActivationError) {
        #expect(throws: expected) { try Activation(parsing: text) }
    }

    @Test("error messages explain and suggest")
    func messages() {
        let unknown = ActivationError.unknownName("leaky-rlu", suggestion: "leaky-relu").description
        #expect(unknown.hasPrefix("unknown activation 'leaky-rlu': did you mean 'leaky-relu'?"))
        for kind in ActivationKind.allCases { #expect(unknown.contains(kind.rawValue)) }
        #expect(!ActivationError.unknownName("xyzzy", suggestion: nil).description.contains("did you mean"))
        #expect(ActivationError.takesNoParameter("relu").description == "activation 'relu' takes no parameter")
        #expect(ActivationError.badParameter("elu", "abc").description == "activation 'elu': 'abc' is not a valid parameter")
    }

    @Test("closest names")
    func closestNames() {
        #expect(ActivationKind.closestName(to: "relux") == "relu")
        #expect(ActivationKind.closestName(to: "TANH2") == "tanh")
        #expect(ActivationKind.closestName(to: "soft") == "softplus")  // a prefix of a known name
        #expect(ActivationKind.closestName(to: "qqqqqqqqqq") == nil)
        #expect(closestWord(to: "apple", in: []) == nil)
        #expect(closestWord(to: "aple", in: ["apple", "maple syrup"]) == "apple")
    }
}
