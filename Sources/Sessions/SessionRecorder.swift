#if canImport(Glibc)
import Glibc
#endif
import LinearAlgebra
import NeuralNetwork

/// Appends records to a session file as they happen. Each record is one line written with write(2)
/// as a whole, nothing is buffered across records: a crash or kill loses at most the record being
/// written. `nnscope train --record` and the TUI use this same writer.
public final class SessionRecorder {
    public let path: String
    private var fd: Int32
    /// Unix time the session started (for event and closing times).
    public let startTime: Double
    /// The furthest position recorded so far (the closing record's position).
    public private(set) var lastPosition: SessionPosition
    public private(set) var isClosed = false
    /// Bytes in the file: everything up to its last complete record.
    public private(set) var size = 0

    /// Creates `path` and writes the header record: format, version, program version, creation
    /// time, seed, the configuration's settings, and the path, size and hash of any data file the
    /// dataset is read from. An existing file is refused (`SessionError.existingFileMessage`) unless
    /// `replacing`, which truncates it. Removes leftover temporary files of killed saves next to it.
    public init(path: String, configuration: TrainingConfiguration, programVersion: String, replacing: Bool = false,
                comparison: SessionComparison? = nil) throws {
        let dataFiles = try DataFileReference.references(forDatasetSpec: configuration.dataset)
        FileSystem.removeLeftoverTemporaries(nextTo: path)
        let fd = open(path, O_WRONLY | O_CREAT | (replacing ? O_TRUNC : O_EXCL) | O_CLOEXEC, 0o644)
        if fd < 0 && errno == EEXIST { throw ExistingSessionFileError(path: path) }
        guard fd >= 0 else { throw SessionError("\(path): cannot create: \(FileSystem.errorText())") }
        self.path = path
        self.fd = fd
        startTime = FileSystem.now()
        lastPosition = SessionPosition(generation: 1, epoch: 0, batch: 0)
        let header = SessionHeader(configuration: configuration, programVersion: programVersion,
                                   created: FileSystem.iso8601(startTime), dataFiles: dataFiles, comparison: comparison)
        try write(.header(header))
    }

    private init(path: String, fd: Int32, startTime: Double, lastPosition: SessionPosition) {
        self.path = path
        self.fd = fd
        self.startTime = startTime
        self.lastPosition = lastPosition
    }

    deinit {
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Opens an existing session to continue it (`train --resume`, the REPL's `load`): reads and
    /// validates it, cuts off a torn last record (after copying the whole file to `FILE.torn`), and
    /// appends after its last complete record.
    public static func resume(path: String) throws -> (recorder: SessionRecorder, contents: SessionContents) {
        let contents = try SessionReader.read(path: path)
        var info = stat()
        guard stat(path, &info) == 0 else { throw SessionError("\(path): cannot stat: \(FileSystem.errorText())") }
        if Int(info.st_size) > contents.completeBytes {
            try FileSystem.atomicCopy(from: path, to: path + ".torn")
            guard truncate(path, off_t(contents.completeBytes)) == 0 else {
                throw SessionError("\(path): cannot cut off the torn record: \(FileSystem.errorText())")
            }
        }
        FileSystem.removeLeftoverTemporaries(nextTo: path)
        let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard fd >= 0 else { throw SessionError("\(path): cannot open for appending: \(FileSystem.errorText())") }
        let start = FileSystem.parseISO8601(contents.header.created) ?? FileSystem.now()
        var last = SessionPosition(generation: 1, epoch: 0, batch: 0)
        if let e = contents.epochs.last { last = SessionPosition(generation: e.generation, epoch: e.metrics.epoch, batch: 0) }
        for p in [contents.events.last?.position, contents.resumes.last?.position, contents.close?.position, contents.lastCheckpoint?.position]
        where p.map({ ($0.generation, $0.epoch, $0.batch) > (last.generation, last.epoch, last.batch) }) == true {
            last = p!
        }
        let recorder = SessionRecorder(path: path, fd: fd, startTime: start, lastPosition: last)
        recorder.size = contents.completeBytes
        return (recorder, contents)
    }

    /// Seconds since the session started.
    public var elapsed: Double { FileSystem.now() - startTime }

    private func advance(to p: SessionPosition) {
        if (p.generation, p.epoch, p.batch) > (lastPosition.generation, lastPosition.epoch, lastPosition.batch) { lastPosition = p }
    }

    /// Writes one record. When the write fails part-way (the disk is full), the part written is
    /// cut off again, so the file still ends with its last complete record.
    private func write(_ record: SessionRecord) throws {
        guard !isClosed else { throw SessionError("\(path): the session is closed; nothing more can be recorded") }
        let line = record.line
        do {
            try FileSystem.writeAll(fd, line, path: path)
        } catch {
            _ = ftruncate(fd, off_t(size))
            throw error
        }
        size += line.count
    }

    /// Records an epoch; `skipped`: how many epochs of this generation since the previous epoch
    /// record were trained but are left out (a thinned recording).
    public func record(epoch: EpochMetrics, generation: Int, skipped: Int = 0) throws {
        advance(to: SessionPosition(generation: generation, epoch: epoch.epoch, batch: 0))
        try write(.epoch(SessionEpoch(generation: generation, metrics: epoch, skipped: skipped)))
    }

    /// Records a user's change. A dataset loaded from files gets their paths, sizes and hashes.
    public func record(event: SessionEvent) throws {
        var event = event
        if event.dataFiles.isEmpty, let spec = event.datasetSpec {
            event.dataFiles = try DataFileReference.references(forDatasetSpec: spec)
        }
        advance(to: event.position)
        try write(.event(event))
    }

    public func record(divergence message: String, position: SessionPosition) throws {
        advance(to: position)
        try write(.divergence(SessionDivergence(position: position, message: message)))
    }

    public func record(checkpoint network: Network<Float>, position: SessionPosition) throws {
        advance(to: position)
        try write(.checkpoint(SessionCheckpoint(position: position, network: network)))
    }

    /// Records that training continues (generation `position.generation`) from the checkpoint at `from`.
    public func record(resumeFrom from: SessionPosition, position: SessionPosition, programVersion: String) throws {
        advance(to: position)
        try write(.resume(SessionResume(position: position, from: from, time: elapsed, programVersion: programVersion)))
    }

    /// Writes the closing record and closes the file (idempotent).
    public func close(status: SessionCloseStatus = .ready) throws {
        guard !isClosed else { return }
        try write(.close(SessionClose(position: lastPosition, time: elapsed, status: status.rawValue)))
        isClosed = true
        let result = fsync(fd)
        Glibc.close(fd)
        fd = -1
        guard result == 0 else { throw SessionError("\(path): fsync failed: \(FileSystem.errorText())") }
    }

    /// Copies the session written so far to `destination` atomically (a temporary `.NAME.tmp-PID` in
    /// the same folder, fsync, rename, fsync the folder): an existing file is never left half-written.
    /// The copy ends with a closing record (furthest position, time, `status`): a saved file is
    /// complete, while this recording goes on.
    public func save(to destination: String, status: SessionCloseStatus = .ready) throws {
        if fd >= 0 { fsync(fd) }
        guard destination != path else { return }
        let close = SessionRecord.close(SessionClose(position: lastPosition, time: elapsed, status: status.rawValue))
        try FileSystem.atomicCopy(from: path, to: destination, trailer: isClosed ? [] : close.line)
    }
}

/// How a run stood when its session was closed (or a copy saved): the closing record's `status`.
public enum SessionCloseStatus: String, Sendable, Equatable, CaseIterable {
    case ready
    case diverged
    case stoppedEarly = "stopped-early"
}

extension TrainerStatus {
    /// The closing record's status for this state (the one mapping every recorder uses).
    public var closeStatus: SessionCloseStatus {
        switch self {
        case .ready: .ready
        case .diverged: .diverged
        case .stoppedEarly: .stoppedEarly
        }
    }
}
