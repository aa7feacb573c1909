import Foundation
import App
import Commands
import NeuralNetwork
import Render
import Terminal
import Testing

/// Mouse clicks: the terminal's report decoded into a typed event, hit-tested against the
/// layouts the views draw with (a neuron of the network view, a point of the data panel).
@Suite("Mouse clicks")
struct MouseTests {
    static func xor() throws -> Interpreter {
        try Fixtures.interpreter(dataset: "xor:points=80", ["set layers 4,3", "set activation tanh", "step 20"])
    }

    /// A live snapshot with the inside views `request` asks for and the training points, as the
    /// worker makes it.
    static func snapshot(_ interpreter: Interpreter, width: Int, height: Int, request: InsideRequest) -> Snapshot {
        var snapshot = Fixtures.snapshot(interpreter, width: width, height: height)
        let trainer = interpreter.experiment.trainer
        if let example = request.inspectedExample { snapshot.inspector = InspectorData.make(trainer: trainer, example: example) }
        if let selection = request.network {
            snapshot.network = NetworkPicture.make(trainer: trainer, selection: selection,
                                                   grid: Screen.dataGrid(width: width, height: height), example: 0)
        }
        snapshot.trainingPoints = TrainingPoints.make(trainer: trainer)
        return snapshot
    }

    /// Applies keys then clicks to a controller, recomputing the snapshot whenever it asks.
    static func drive(_ interpreter: Interpreter, keys: [Key], clicks: [(Int, Int)] = [], width: Int, height: Int)
        -> (controller: UIController, snapshot: Snapshot) {
        var controller = UIController()
        var snapshot = Self.snapshot(interpreter, width: width, height: height, request: InsideRequest())
        func apply(_ effects: [UIController.Effect]) {
            for case let .post(.setInside(request)) in effects {
                snapshot = Self.snapshot(interpreter, width: width, height: height, request: request)
            }
        }
        for key in keys { apply(controller.handle(key, snapshot: snapshot)) }
        for (x, y) in clicks {
            guard let target = ClickTarget.at(x: x, y: y, model: controller.model(snapshot: snapshot), width: width, height: height) else { continue }
            apply(controller.handleClick(target, snapshot: snapshot))
        }
        return (controller, snapshot)
    }

    /// The cell showing `character` in the rendered model.
    static func find(_ character: Character, in model: ScreenModel, width: Int, height: Int) -> (x: Int, y: Int)? {
        var buffer = Buffer(width: width, height: height)
        Screen.render(model: model, into: &buffer, theme: .rich)
        for y in 0..<height { for x in 0..<width where buffer[x, y].character == character { return (x, y) } }
        return nil
    }

    @Test("a button-1 press is a click at its cell; other reports are not")
    func decodesReports() {
        #expect(InputEvent.decodeMouse(x: 12, y: 3, buttonState: 0x2) == .click(x: 12, y: 3))  // BUTTON1_PRESSED
        #expect(InputEvent.decodeMouse(x: 12, y: 3, buttonState: 0x4) == .click(x: 12, y: 3))  // BUTTON1_CLICKED
        #expect(InputEvent.decodeMouse(x: 12, y: 3, buttonState: 0x1) == nil)  // BUTTON1_RELEASED
        #expect(InputEvent.decodeMouse(x: 12, y: 3, buttonState: 0x40) == nil)  // button 2
        #expect(InputEvent.decodeMouse(x: -1, y: 3, buttonState: 0x2) == nil)
    }

    @Test("clicking where a neuron is drawn selects that neuron", arguments: [(80, 24), (120, 40)])
    func clickSelectsNeuron(size: (Int, Int)) throws {
        let (width, height) = size
        let interpreter = try Self.xor()
        // Where layer 2 unit 2 is drawn: find its marker with the keys, then click its thumbnail
        // and its weight strip from the default selection.
        let byKeys = Self.drive(interpreter, keys: [.character("n"), .right, .down], width: width, height: height)
        #expect(byKeys.controller.inside.selection == NeuronSelection(layer: 2, unit: 1))
        let marker = try #require(Self.find("▶", in: byKeys.controller.model(snapshot: byKeys.snapshot), width: width, height: height))
        for dx in [1, 2, -2] {
            let clicked = Self.drive(interpreter, keys: [.character("n")], clicks: [(marker.x + dx, marker.y)], width: width, height: height)
            #expect(clicked.controller.inside.selection == NeuronSelection(layer: 2, unit: 1), "dx \(dx)")
            #expect(clicked.snapshot.network?.selected == NeuronSelection(layer: 2, unit: 1))
            // The marker is drawn where the click was.
            let again = try #require(Self.find("▶", in: clicked.controller.model(snapshot: clicked.snapshot), width: width, height: height))
            #expect(again.x == marker.x && again.y == marker.y)
        }
        // The block's border, the header row and the status bar select nothing.
        let model = byKeys.controller.model(snapshot: byKeys.snapshot)
        #expect(ClickTarget.at(x: 0, y: 0, model: model, width: width, height: height) == nil)
        #expect(ClickTarget.at(x: marker.x + 1, y: 1, model: model, width: width, height: height) == nil)
        #expect(ClickTarget.at(x: 5, y: height - 2, model: model, width: width, height: height) == nil)
    }

    @Test("clicking a data point opens the inspector on the nearest training example", arguments: [(80, 24), (120, 40)])
    func clickExplainsPoint(size: (Int, Int)) throws {
        let (width, height) = size
        let interpreter = try Self.xor()
        let marker = "◉" as Character
        for example in [0, 7, 33] {
            // Where the inspector marks training example `example` on the data panel...
            let shown = Self.drive(interpreter, keys: [.character("i")] + Array(repeating: .right, count: example), width: width, height: height)
            #expect(shown.controller.inside.example == example)
            let cell = try #require(Self.find(marker, in: shown.controller.model(snapshot: shown.snapshot), width: width, height: height))
            // ...a click there explains an example drawn in the same cell: the nearest to the
            // cell's centre.
            let clicked = Self.drive(interpreter, keys: [.character("i")], clicks: [(cell.x, cell.y)], width: width, height: height)
            #expect(clicked.controller.inside.view == .inspector)
            let chosen = clicked.controller.inside.example
            let again = try #require(Self.find(marker, in: clicked.controller.model(snapshot: clicked.snapshot), width: width, height: height))
            #expect(again.x == cell.x && again.y == cell.y, "example \(example) → \(chosen)")
            #expect(clicked.controller.message?.lines.first?.contains("training example \(chosen)") == true)
        }
    }

    @Test("a click on the overview's data panel opens the inspector on the example nearest to it")
    func clickOnOverview() throws {
        let interpreter = try Self.xor()
        let trainer = interpreter.experiment.trainer
        let raw = (0..<trainer.trainCount).map { InspectorData.make(trainer: trainer, example: $0)!.rawFeatures }
        let areas = try #require(Screen.areas(width: 80, height: 24))
        for (x, y) in [(areas.data.x + 2, areas.data.y + 2), (areas.data.x + areas.data.width / 2, areas.data.y + areas.data.height / 2)] {
            let start = Self.drive(interpreter, keys: [], width: 80, height: 24)
            let target = try #require(ClickTarget.at(x: x, y: y, model: start.controller.model(snapshot: start.snapshot), width: 80, height: 24))
            guard case let .planePoint(px, py, w, h) = target else { Issue.record("not a plane point: \(target)"); continue }
            // Independently: the example with the smallest larger-offset in cells.
            let expected = raw.indices.min { a, b in
                func d(_ i: Int) -> (Double, Double) {
                    let dx = abs(raw[i][0] - px) / w, dy = abs(raw[i][1] - py) / h
                    return (max(dx, dy), dx * dx + dy * dy)
                }
                return d(a) < d(b)
            }
            let clicked = Self.drive(interpreter, keys: [], clicks: [(x, y)], width: 80, height: 24)
            #expect(clicked.controller.inside.view == .inspector)
            #expect(clicked.controller.inside.example == expected)
            #expect(clicked.snapshot.inspector?.inspection.example == expected)
        }
    }

    @Test("the training points are the inspector's examples, in its numbering")
    func trainingPointsMatchTheInspector() throws {
        let trainer = try Self.xor().experiment.trainer
        let points = try #require(TrainingPoints.make(trainer: trainer))
        #expect(points.count == trainer.trainCount)
        for example in [0, 1, 17, trainer.trainCount - 1] {
            let raw = try #require(InspectorData.make(trainer: trainer, example: example)).rawFeatures
            #expect(abs(points.coordinates[2 * example] - raw[0]) < 1e-5)
            #expect(abs(points.coordinates[2 * example + 1] - raw[1]) < 1e-5)
            #expect(points.nearest(x: raw[0], y: raw[1], cellWidth: 0.1, cellHeight: 0.2) == example)
        }
    }

    @Test("overlays and non-planar data take no clicks")
    func clicksIgnored() throws {
        let interpreter = try Self.xor()
        let withHelp = Self.drive(interpreter, keys: [.character("?")], width: 80, height: 24)
        let areas = try #require(Screen.areas(width: 80, height: 24))
        let centre = (areas.data.x + areas.data.width / 2, areas.data.y + areas.data.height / 2)
        #expect(ClickTarget.at(x: centre.0, y: centre.1, model: withHelp.controller.model(snapshot: withHelp.snapshot), width: 80, height: 24) == nil)
        let open = Self.drive(interpreter, keys: [], width: 80, height: 24)
        #expect(ClickTarget.at(x: centre.0, y: centre.1, model: open.controller.model(snapshot: open.snapshot), width: 80, height: 24) != nil)
        let withFeatures = try Fixtures.interpreter(dataset: "spiral", ["set features x1,x2,x1*x2"])
        #expect(TrainingPoints.make(trainer: withFeatures.experiment.trainer) != nil)  // the raw plane, not the features
        let sine = try Fixtures.interpreter(dataset: "sine")
        let regression = Self.drive(sine, keys: [], width: 80, height: 24)
        #expect(ClickTarget.at(x: centre.0, y: centre.1, model: regression.controller.model(snapshot: regression.snapshot), width: 80, height: 24) == nil)
    }

    @Test("in replay a click selects a neuron of the checkpoint's network")
    func replayClick() throws {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("sessions/xor-minimal.jsonl").path
        let byKeys = try ReplayViewer(session: ReplaySession(path: path), grid: GridSize(columns: 20, rows: 10))
        for key: Key in [.end, .character("n"), .down, .down] { #expect(!byKeys.handle(key)) }
        #expect(byKeys.model().inside.selection == NeuronSelection(layer: 1, unit: 2))
        let marker = try #require(Self.find("▶", in: byKeys.model(), width: 100, height: 30))
        let clicked = try ReplayViewer(session: ReplaySession(path: path), grid: GridSize(columns: 20, rows: 10))
        for key: Key in [.end, .character("n")] { #expect(!clicked.handle(key)) }
        clicked.handleClick(x: marker.x + 1, y: marker.y, width: 100, height: 30)
        #expect(clicked.model().inside.selection == NeuronSelection(layer: 1, unit: 2))
        #expect(clicked.model().snapshot.network?.selected == NeuronSelection(layer: 1, unit: 2))
    }
}
