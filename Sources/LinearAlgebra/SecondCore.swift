import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// One persistent worker thread that runs one job at a time for the thread that posts it, so a
/// large product can run in chunks on two cores (see `Matrix.multiplyInChunks`).
///
/// The hand-off allocates nothing: a job is a C function pointer and a context pointer (to a
/// struct on the poster's stack), posted by bumping a sequence number. The worker spins on that
/// number for a while after each job (a training step posts the next one within microseconds), then
/// sleeps on a condition variable; the poster spins until the job is done, yielding its core if the
/// worker does not get one.
public final class SecondCore: @unchecked Sendable {
    public typealias Job = @convention(c) (UnsafeMutableRawPointer?) -> Void

    /// The worker, or nil on a machine with one core, or when `NNSCOPE_SECOND_CORE=0`.
    public static let shared: SecondCore? = {
        if let text = getenv("NNSCOPE_SECOND_CORE"), String(cString: text) == "0" { return nil }
        guard sysconf(Int32(_SC_NPROCESSORS_ONLN)) > 1 else { return nil }
        return SecondCore()
    }()

    /// Jobs posted and jobs finished; equal when the worker is idle.
    private let posted = Atomic<Int>(0)
    private let finished = Atomic<Int>(0)
    private let sleeping = Atomic<Bool>(false)
    /// Held by the one thread that is using the worker.
    private let inUse = Atomic<Bool>(false)
    /// Written by the poster before `posted` is bumped, read by the worker after it sees the bump.
    private nonisolated(unsafe) var job: Job?
    private nonisolated(unsafe) var context: UnsafeMutableRawPointer?
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private let wake: UnsafeMutablePointer<pthread_cond_t>
    /// Polls of `posted` before the worker sleeps (a few tens of microseconds).
    private static let spinsBeforeSleep = 200_000
    /// Polls of `finished` before the poster yields its core to the worker.
    private static let spinsBeforeYield = 20_000

    private init() {
        mutex = .allocate(capacity: 1)
        wake = .allocate(capacity: 1)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(wake, nil)
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { argument in
            Unmanaged<SecondCore>.fromOpaque(argument!).takeUnretainedValue().serve()
            return nil
        }, Unmanaged.passRetained(self).toOpaque())
        precondition(started == 0, "could not start the second-core worker thread (error \(started))")
        pthread_detach(thread)
    }

    /// Runs `job(context)` on the worker while `body()` runs on the calling thread; returns body's
    /// result once both are done, or nil (neither run) when another thread is using the worker, so
    /// that concurrent callers never wait for each other. `context` must stay valid until it returns.
    public func overlapping<R>(_ job: Job, context: UnsafeMutableRawPointer, with body: () -> R) -> R? {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return nil }
        defer { inUse.store(false, ordering: .releasing) }
        post(job, context: context)
        let result = body()
        waitForJob()
        return result
    }

    /// `job(context, i)` for every chunk i in 0..<count, on this thread and the worker at once: each
    /// takes the next chunk not yet taken until none is left, so a core that is slower (or busy)
    /// simply takes fewer. The chunks must be independent; which thread runs one must not change its
    /// result. False (nothing run) when another thread is using the worker.
    public func runChunks(_ count: Int, _ job: ChunkJob, context: UnsafeMutableRawPointer) -> Bool {
        guard inUse.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { inUse.store(false, ordering: .releasing) }
        nextChunk.store(0, ordering: .relaxed)
        var shared = SharedChunks(core: Unmanaged.passUnretained(self).toOpaque(), job: job, context: context, count: count)
        withUnsafeMutablePointer(to: &shared) { pointer in
            post({ SharedChunks.takeAll($0!) }, context: UnsafeMutableRawPointer(pointer))
            SharedChunks.takeAll(UnsafeMutableRawPointer(pointer))
            waitForJob()
        }
        return true
    }

    public typealias ChunkJob = @convention(c) (UnsafeMutableRawPointer?, Int) -> Void

    /// The next chunk of `runChunks` to take.
    fileprivate let nextChunk = Atomic<Int>(0)

    private func post(_ job: Job, context: UnsafeMutableRawPointer) {
        self.job = job
        self.context = context
        posted.add(1, ordering: .sequentiallyConsistent)
        if sleeping.load(ordering: .sequentiallyConsistent) {
            pthread_mutex_lock(mutex)
            pthread_cond_signal(wake)
            pthread_mutex_unlock(mutex)
        }
    }

    /// Returns when the posted job has finished (its writes visible to the caller).
    private func waitForJob() {
        let target = posted.load(ordering: .relaxed)
        var spins = 0
        while finished.load(ordering: .acquiring) != target {
            spins += 1
            if spins >= Self.spinsBeforeYield {
                sched_yield()
                spins = 0
            }
        }
    }

    private func serve() {
        var seen = 0
        while true {
            var spins = 0
            while posted.load(ordering: .acquiring) == seen {
                spins += 1
                if spins >= Self.spinsBeforeSleep {
                    pthread_mutex_lock(mutex)
                    sleeping.store(true, ordering: .sequentiallyConsistent)
                    while posted.load(ordering: .sequentiallyConsistent) == seen {
                        pthread_cond_wait(wake, mutex)
                    }
                    sleeping.store(false, ordering: .relaxed)
                    pthread_mutex_unlock(mutex)
                    spins = 0
                }
            }
            seen += 1
            job?(context)
            finished.store(seen, ordering: .releasing)
        }
    }
}

/// What both threads of `SecondCore.runChunks` read: the job, its context and the chunk count.
private struct SharedChunks {
    let core: UnsafeMutableRawPointer
    let job: SecondCore.ChunkJob
    let context: UnsafeMutableRawPointer
    let count: Int

    /// Takes and runs chunks until none is left.
    static func takeAll(_ pointer: UnsafeMutableRawPointer) {
        let shared = pointer.assumingMemoryBound(to: SharedChunks.self).pointee
        let core = Unmanaged<SecondCore>.fromOpaque(shared.core).takeUnretainedValue()
        while true {
            let chunk = core.nextChunk.wrappingAdd(1, ordering: .relaxed).oldValue
            if chunk >= shared.count { return }
            shared.job(shared.context, chunk)
        }
    }
}
