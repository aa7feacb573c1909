import Benchmark
import Foundation
import Render

/// The widgets of one full TUI screen, built once: what a frame redraws every tick.
struct FrameScene {
    static let width = 200
    static let height = 60

    let lossChart: LineChart
    let gradients: Heatmap
    let bars: Bars
    let decisionMap: DecisionMap
    let statusBar: StatusBar

    init() {
        let epochs = 200
        var train: [Double] = []
        var validation: [Double] = []
        for epoch in 0..<epochs {
            let e = Double(epoch)
            train.append(1.2 * exp(-e / 40) + 0.02 * sin(e))
            validation.append(1.25 * exp(-e / 45) + 0.03 * cos(e / 2) + 0.05)
        }
        lossChart = LineChart(series: [ChartSeries(label: "train", role: .series(1), values: train, firstX: 1),
                                       ChartSeries(label: "val", role: .series(2), values: validation, firstX: 1)],
                              yScale: .linear, markerX: 150)
        var norms: [[Double]] = []
        for layer in 0..<6 {
            let base: Double = 1e-3 * pow(10, Double(layer) / 2)
            var row: [Double] = []
            for epoch in 0..<epochs { row.append(base * (1 + 0.5 * sin(Double(epoch) / 7))) }
            norms.append(row)
        }
        gradients = Heatmap(values: norms, scale: .log10)
        bars = Bars(items: (0..<6).map { Bars.Item(label: "L\($0 + 1)", value: Double($0 + 1) * 0.13, isHighlighted: $0 == 2) })
        let gridColumns = 100, gridRows = 60
        var grid: [[DecisionMap.Sample]] = []
        for row in 0..<gridRows {
            var samples: [DecisionMap.Sample] = []
            for column in 0..<gridColumns {
                samples.append(DecisionMap.Sample(classIndex: (row / 20 + column / 34) % 3, confidence: Double((row + column) % 10) / 10))
            }
            grid.append(samples)
        }
        var points: [DecisionMap.DataPoint] = []
        for i in 0..<300 {
            let t: Double = Double(i) / 300 * 4 * Double.pi
            points.append(DecisionMap.DataPoint(x: cos(t) * t / 13, y: sin(t) * t / 13, classIndex: i % 3))
        }
        decisionMap = DecisionMap(grid: grid, points: points, xRange: -1...1, yRange: -1...1)
        statusBar = StatusBar(left: [StatusBar.Segment("spiral"), StatusBar.Segment("2-16-16-3 relu"),
                                     StatusBar.Segment("epoch 150", role: .highlight)],
                              right: [StatusBar.Segment("loss 0.0421", role: .good), StatusBar.Segment("running")])
    }

    /// Draws the whole screen into `buffer` (cleared first), as the TUI does on every frame.
    func render(into buffer: inout Buffer, theme: Theme) {
        let screen = Rect(x: 0, y: 0, width: FrameScene.width, height: FrameScene.height)
        buffer.fill(screen)
        let (body, status) = screen.splitBottom(1)
        let frame = Block(title: "nnscope: spiral", footer: "q quit  space pause  ? help")
        frame.render(in: body, buffer: &buffer, theme: theme)
        let columns = Layout.columns([.percent(55), .fill]).split(frame.inner(body))
        let left = Layout.rows([.percent(50), .fill, .fixed(8)]).split(columns[0])
        let lossBlock = Block(title: "loss")
        lossBlock.render(in: left[0], buffer: &buffer, theme: theme)
        lossChart.render(in: lossBlock.inner(left[0]), buffer: &buffer, theme: theme)
        let heatBlock = Block(title: "gradient norm per layer")
        heatBlock.render(in: left[1], buffer: &buffer, theme: theme)
        gradients.render(in: heatBlock.inner(left[1]), buffer: &buffer, theme: theme)
        let barBlock = Block(title: "dead units")
        barBlock.render(in: left[2], buffer: &buffer, theme: theme)
        bars.render(in: barBlock.inner(left[2]), buffer: &buffer, theme: theme)
        let mapBlock = Block(title: "decision boundary")
        mapBlock.render(in: columns[1], buffer: &buffer, theme: theme)
        decisionMap.render(in: mapBlock.inner(columns[1]), buffer: &buffer, theme: theme)
        statusBar.render(in: status, buffer: &buffer, theme: theme)
    }
}

/// One full 200x60 frame of every widget (issue 6): wall time and mallocs per frame.
func frameBenchmark(metrics: [BenchmarkMetric]) {
    let scene = FrameScene()
    var buffer = Buffer(width: FrameScene.width, height: FrameScene.height)
    scene.render(into: &buffer, theme: .rich)
    Benchmark(
        "Frame 200x60 (block, line chart 2x200, heatmap 6x200, bars, decision map 100x60 + 300 points, status bar)",
        configuration: .init(metrics: metrics, warmupIterations: 5, scalingFactor: .one,
                             maxDuration: .seconds(3), maxIterations: 2000)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            scene.render(into: &buffer, theme: .rich)
            blackHole(buffer)
        }
    }
}
