import App
import Commands
import Foundation
import Render
import Terminal
import Testing

@Suite("Live speed control")
struct SpeedControlTests {
    @Test("[ and ] post one step slower / faster in live training")
    func keys() throws {
        var controller = UIController()
        let snapshot = Fixtures.snapshot(try Fixtures.interpreter(), width: 80, height: 24)
        #expect(controller.handle(.character("["), snapshot: snapshot) == [.post(.action(.changeSpeed(faster: false)))])
        #expect(controller.handle(.character("]"), snapshot: snapshot) == [.post(.action(.changeSpeed(faster: true)))])
    }

    @Test("the worker steps the interpreter's speed; the snapshot and status bar show it")
    func workerAppliesSpeed() throws {
        let interpreter = try Fixtures.interpreter()
        interpreter.runsInBackground = true
        interpreter.speed = .interfaceDefault
        let worker = TrainingWorker(interpreter: interpreter, grid: GridSize(columns: 4, rows: 4))
        worker.start()
        worker.post(.action(.changeSpeed(faster: true)))
        worker.post(.action(.changeSpeed(faster: true)))
        worker.post(.action(.changeSpeed(faster: false)))
        worker.stop()
        #expect(worker.snapshot.speed == .epochsPerSecond(30))
        #expect(worker.takeReplies().map(\.lines) == [["speed 30 epochs/s (was 10 epochs/s)"], ["speed 100 epochs/s (was 30 epochs/s)"], ["speed 30 epochs/s (was 100 epochs/s)"]])
        let lines = Fixtures.render(ScreenModel(snapshot: worker.snapshot), width: 120, height: 40)
        #expect(lines[38].contains("speed 30 epochs/s"))
    }

    @Test("under a limit of one epoch per ten seconds, running trains batches but no whole epoch at once")
    func limitHoldsTrainingBack() throws {
        let interpreter = try Fixtures.interpreter()
        interpreter.runsInBackground = true
        interpreter.speed = .epochsPerSecond(0.1)
        let worker = TrainingWorker(interpreter: interpreter, grid: GridSize(columns: 4, rows: 4))
        worker.start()
        worker.post(.action(.toggleRun))
        let deadline = Date().addingTimeInterval(60)
        while worker.snapshot.batchInEpoch < 1 && Date() < deadline { usleep(5_000) }
        let snapshot = worker.snapshot
        worker.stop()
        #expect(snapshot.isRunning)
        #expect(snapshot.batchInEpoch >= 1)
        // At full speed the 24 batches of an epoch take well under a millisecond.
        #expect(snapshot.epoch == 0)
        #expect(snapshot.batchInEpoch < snapshot.batchesPerEpoch)
        #expect(Screen.speedText(snapshot) == "speed 0.1 epochs/s")
    }

    @Test("at max the status bar shows the measured rate")
    func maxShowsRate() throws {
        var snapshot = Fixtures.snapshot(try Fixtures.interpreter(), width: 80, height: 24)
        snapshot.isRunning = true
        snapshot.epochsPerSecond = 6543.2
        #expect(Screen.speedText(snapshot) == "speed max (6543 epochs/s)")
        snapshot.speed = .epochsPerSecond(10)
        #expect(Screen.speedText(snapshot) == "speed 10 epochs/s")
    }
}
