package dev.resilience.store;

import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.spi.RateLimiterStore;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.StoreBackend;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

/**
 * Circuit breakers and rate limiters shared by a fleet of application instances through one
 * {@link StoreBackend}: the backend-neutral part of every shared store. {@link #circuitBreakers()} and
 * {@link #rateLimiters()} are the store factories to put into {@code CircuitBreakerConfig.Builder#storeFactory}
 * and {@code RateLimiterConfig.Builder#store}.
 *
 * <h2>Circuit breakers</h2>
 * <ul>
 *   <li><b>No round trip on the happy path.</b> The state is cached locally and read with one volatile read;
 *       an outcome is counted in a striped counter (and in a local window kept for outages) and sent with the
 *       others every {@link SharedStoreOptions#flushInterval() flush interval} from the store's own thread.
 *   <li><b>Fleet-wide windows.</b> The store aggregates the batches of every instance (see
 *       {@link StoreBackend#recordOutcomes}); each flush answers the fleet's totals, and the breaker decides on
 *       them: it may open up to one flush interval (plus a round trip) after the call that crossed the
 *       threshold. A count-based window of N is the last N outcomes of the fleet, in the order the batches
 *       reached the store; a time-based window of N seconds is the fleet's outcomes of the last N seconds of
 *       the store's clock.
 *   <li><b>Atomic transitions.</b> A transition is a compare-and-set on the store's epoch; when two instances
 *       race, one wins and the other adopts the winner's state. HALF_OPEN trial permits are taken from the
 *       store, so the fleet admits at most {@code permitted-number-of-calls-in-half-open-state} trial calls per
 *       half-open period; trial outcomes are sent at once.
 *   <li><b>Propagation.</b> The backend notifies every instance of each transition (pub/sub, LISTEN/NOTIFY);
 *       every {@link SharedStoreOptions#pollInterval() poll interval} each instance also re-reads its
 *       breakers' states, so a lost notification delays a transition by one poll interval at most.
 * </ul>
 *
 * <h2>Rate limiters</h2>
 * One atomic operation in the store per acquisition, with the in-memory limiter's semantics, on the store's
 * clock. That is one round trip on the caller's thread, bounded by {@link SharedStoreOptions#timeout()}.
 *
 * <h2>Outages</h2>
 * A call waits for the store at most {@link SharedStoreOptions#timeout()} (default 50 ms). A failure or a late
 * answer marks the whole store <em>degraded</em>: from then on no call waits for it; breakers decide on their
 * local windows, limiters grant {@code max(1, limit-for-period / fleet size)} per period locally (the fleet size
 * as last seen by the heartbeats), and trial permits are local (with {@link OutagePolicy#FAIL_CLOSED}: reject
 * instead). The outage is logged once, reported to {@link StoreListener}s, and probed every poll interval; when
 * the store answers again each breaker re-reads its shared state: a transition this instance made during the
 * outage is written back if nobody else changed the state meanwhile, otherwise the shared state wins.
 *
 * <p>Thread-safe. One store runs one daemon thread. {@link #close()} stops it and closes the backend.
 *
 * @since 0.1.0
 */
public final class SharedStore implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(SharedStore.class.getName());
    /** How long {@link #start} waits for the first answer of the store (connections, scripts): 2 s. */
    static final long STARTUP_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);

    final StoreBackend backend;
    final SharedStoreOptions options;
    final long timeoutNanos;
    final long pollNanos;
    final boolean failClosed;
    final ScheduledThreadPoolExecutor executor;
    private final Map<String, List<SharedCircuitBreakerStore>> breakers = new ConcurrentHashMap<>();
    private static final Notification<StoreListener, StoreInfo> DEGRADED =
            (listener, store, unused, unusedToo, cause) -> listener.onDegraded(store, (Throwable) cause);
    private static final Notification<StoreListener, StoreInfo> RECOVERED =
            (listener, store, outageMillis, unused, none) -> listener.onRecovered(store, outageMillis);

    private final ListenerList<StoreListener> listeners = new ListenerList<>(StoreListener.class);
    private final Info info = new Info();
    private final CircuitBreakerStore.Factory breakerFactory = new BreakerFactory();
    private final RateLimiterStore.Factory limiterFactory = new LimiterFactory();
    private final Object outageLock = new Object();

    /** Read on every call of a shared breaker or limiter. */
    volatile boolean degraded;
    /** Incremented at the start of every outage; guarded by {@link #outageLock}, read freely. */
    volatile int outage;
    private volatile long degradedSinceNanos;
    /**
     * Whether listeners were last told "degraded"; on the store's thread only. Every change of {@link #degraded}
     * queues its notification on that thread while holding {@link #outageLock}, so notifications run in the
     * order of the changes; this flag then drops a repeated "degraded" (the store failed again while it
     * resynchronised, before the recovery was announced: the same outage going on, see {@link #recovering}), so
     * listeners always hear the two strictly in turn, once per outage.
     */
    private boolean toldDegraded;
    /**
     * Between a successful probe and the announcement of the recovery (breakers resynchronising); guarded by
     * {@link #outageLock}. A failure then continues the outage rather than starting another: same local shares
     * of the limits, same start.
     */
    private boolean recovering;
    private volatile int fleetSize = 1;
    private volatile boolean closed;

    private SharedStore(StoreBackend backend, SharedStoreOptions options) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.options = Objects.requireNonNull(options, "options");
        this.timeoutNanos = options.timeout().toNanos();
        this.pollNanos = options.pollInterval().toNanos();
        this.failClosed = options.outagePolicy() == OutagePolicy.FAIL_CLOSED;
        String type = backend.type();
        this.executor = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "resilience-store-" + type);
            thread.setDaemon(true);
            return thread;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Starts sharing through {@code backend}: subscribes to its transitions, waits for the backend's first
     * answer (a heartbeat: it opens connections; at most 2 s, or the timeout if longer; without an answer the
     * store starts degraded and keeps trying), and starts the flush and poll tasks. The store owns the backend
     * from here on: {@link #close()} closes it.
     *
     * @param backend the backend (Redis, JDBC)
     * @param options timeouts, intervals, outage policy, instance id
     * @return the running store
     */
    public static SharedStore start(StoreBackend backend, SharedStoreOptions options) {
        SharedStore store = new SharedStore(backend, options);
        store.begin();
        return store;
    }

    private void begin() {
        backend.subscribe(this::notified);
        // The first contact opens connections and loads scripts: it may take longer than a call's timeout, so
        // it is waited for here, once, up to STARTUP_WAIT. A store that does not answer starts degraded.
        try {
            Integer alive = backend.heartbeat(options.instanceId(), Math.max(1L, TimeUnit.NANOSECONDS.toMillis(3 * pollNanos)))
                    .toCompletableFuture().get(Math.max(timeoutNanos, STARTUP_WAIT_NANOS), TimeUnit.NANOSECONDS);
            fleetSize = Math.max(1, alive == null ? 1 : alive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failed(e);
        } catch (Exception e) {
            failed(e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e);
        }
        long flush = options.flushInterval().toNanos();
        executor.scheduleWithFixedDelay(this::guardedFlush, flush, flush, TimeUnit.NANOSECONDS);
        executor.scheduleWithFixedDelay(this::guardedPoll, pollNanos, pollNanos, TimeUnit.NANOSECONDS);
    }

    /** Creates the shared state of circuit breakers; put it into {@code CircuitBreakerConfig.Builder#storeFactory}. */
    public CircuitBreakerStore.Factory circuitBreakers() {
        return breakerFactory;
    }

    /** Creates the shared state of rate limiters (and each key of keyed ones); put it into {@code RateLimiterConfig.Builder#store}. */
    public RateLimiterStore.Factory rateLimiters() {
        return limiterFactory;
    }

    /** What this store is, and whether it is degraded right now. The same live object every time. */
    public StoreInfo info() {
        return info;
    }

    /** The options it runs with. */
    public SharedStoreOptions options() {
        return options;
    }

    /** The number of instances that were alive (heartbeating) at the last heartbeat, this one included. */
    public int fleetSize() {
        return fleetSize;
    }

    /** Tells {@code listener} of outages and recoveries of this store. */
    public void addListener(StoreListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling {@code listener}. */
    public boolean removeListener(StoreListener listener) {
        return listeners.remove(listener);
    }

    /**
     * Stops the store's thread and closes the backend. Breakers and limiters still using it go on with local
     * state (as in an outage, without waiting).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        degraded = true;
        executor.shutdownNow();
        try {
            backend.close();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Closing the " + backend.type() + " store failed", e);
        }
    }

    @Override
    public String toString() {
        return "SharedStore[" + backend.type() + ", " + (degraded ? "degraded" : "sharing") + ", instance "
                + options.instanceId() + "]";
    }

    // ---------------------------------------------------------------------------------------------------------
    // Talking to the backend
    // ---------------------------------------------------------------------------------------------------------

    /**
     * Runs one backend operation and waits for its answer at most {@link SharedStoreOptions#timeout()}, on the
     * caller's thread. A failure or a late answer marks the store degraded.
     *
     * @throws StoreUnavailable when there is no answer to use
     */
    <T> T await(Supplier<? extends CompletionStage<T>> operation) throws StoreUnavailable {
        CompletableFuture<T> future;
        try {
            future = operation.get().toCompletableFuture();
        } catch (RuntimeException e) {
            failed(e);
            throw StoreUnavailable.INSTANCE;
        }
        try {
            return future.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            // The caller was interrupted, the store did nothing wrong: this one call goes on locally.
            Thread.currentThread().interrupt();
            throw StoreUnavailable.INSTANCE;
        } catch (ExecutionException e) {
            failed(e.getCause() != null ? e.getCause() : e);
            throw StoreUnavailable.INSTANCE;
        } catch (TimeoutException e) {
            // Nobody waits any more: a backend that has not started the operation must not run it late.
            future.cancel(false);
            failed(new TimeoutException("no answer from the " + backend.type() + " store within "
                    + options.timeout().toMillis() + " ms"));
            throw StoreUnavailable.INSTANCE;
        }
    }

    /**
     * Runs one backend operation without waiting; {@code then} runs on the store's thread with the answer or
     * the failure (a late answer is a {@link TimeoutException}). Failures are not reported as outages here:
     * {@code then} decides.
     */
    <T> void async(Supplier<? extends CompletionStage<T>> operation, BiConsumer<? super T, Throwable> then) {
        CompletableFuture<T> original;
        try {
            original = operation.get().toCompletableFuture();
        } catch (RuntimeException e) {
            original = CompletableFuture.failedFuture(e);
        }
        CompletableFuture<T> backendFuture = original;
        try {
            original.copy().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).whenCompleteAsync((value, failure) -> {
                try {
                    Throwable cause = unwrap(failure);
                    if (cause instanceof TimeoutException) {
                        backendFuture.cancel(false); // nobody waits any more: see await
                    }
                    then.accept(value, cause);
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.WARNING, "Shared " + backend.type() + " store: unexpected failure", e);
                }
            }, executor);
        } catch (RejectedExecutionException closedMeanwhile) {
            // Closed: nothing left to do with the answer.
        }
    }

    /** Sends an operation whose answer does not matter beyond reporting an outage. */
    <T> void fireAndForget(Supplier<? extends CompletionStage<T>> operation) {
        this.<T>async(operation, (value, failure) -> {
            if (failure != null) {
                failed(failure);
            }
        });
    }

    /** Runs {@code task} on the store's thread; dropped once the store is closed. */
    void execute(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException closedMeanwhile) {
            // Closed.
        }
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Outages
    // ---------------------------------------------------------------------------------------------------------

    /** The store failed or was late: degrade (once per outage), log once, tell listeners and breakers. */
    void failed(Throwable cause) {
        if (closed) {
            return;
        }
        synchronized (outageLock) {
            if (degraded) {
                return;
            }
            if (recovering) {
                recovering = false;
            } else {
                degradedSinceNanos = System.nanoTime();
                outage++;
            }
            degraded = true;
            // Queued with the change, not after the log line below: a recovery the store's thread finds
            // meanwhile must not be announced before this outage is.
            execute(() -> {
                if (failClosed) {
                    forEachBreaker(SharedCircuitBreakerStore::failClosed);
                }
                if (!toldDegraded) {
                    toldDegraded = true;
                    listeners.deliver(DEGRADED, info, 0L, cause);
                }
            });
        }
        LOG.log(System.Logger.Level.WARNING, "The shared " + backend.type() + " store is unreachable ("
                + cause + "); circuit breakers and rate limiters on it "
                + (failClosed ? "reject calls" : "go on with local state")
                + " until it answers again (checked every " + options.pollInterval().toMillis() + " ms)");
    }

    /** On the store's thread, after a successful probe: re-read every breaker, then share again. */
    private void recover() {
        long outageMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - degradedSinceNanos);
        synchronized (outageLock) {
            degraded = false;
            recovering = true;
        }
        for (List<SharedCircuitBreakerStore> stores : breakers.values()) {
            for (SharedCircuitBreakerStore store : stores) {
                if (degraded) {
                    return; // failed again while resynchronising: the next probe starts over
                }
                store.resynchronize();
            }
        }
        synchronized (outageLock) {
            if (degraded) {
                return;
            }
            recovering = false;
            // Behind the notification of the outage, which may still be queued.
            execute(() -> {
                if (toldDegraded) {
                    toldDegraded = false;
                    listeners.deliver(RECOVERED, info, outageMillis);
                }
            });
        }
        LOG.log(System.Logger.Level.INFO, "The shared " + backend.type() + " store answers again after "
                + outageMillis + " ms; circuit breakers and rate limiters on it share their state again");
    }

    // ---------------------------------------------------------------------------------------------------------
    // The store's thread: flushes, polls, notifications
    // ---------------------------------------------------------------------------------------------------------

    private void guardedFlush() {
        try {
            if (!degraded) {
                forEachBreaker(SharedCircuitBreakerStore::flush);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Shared " + backend.type() + " store: flush failed", e);
        }
    }

    private void guardedPoll() {
        try {
            poll();
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Shared " + backend.type() + " store: poll failed", e);
        }
    }

    private void poll() {
        long ttlMillis = Math.max(1L, TimeUnit.NANOSECONDS.toMillis(3 * pollNanos));
        if (degraded) {
            if (closed) {
                return;
            }
            // The probe: one heartbeat, waited for on this thread. Failing again is expected and stays quiet.
            Integer alive;
            CompletableFuture<Integer> probe = null;
            try {
                probe = backend.heartbeat(options.instanceId(), ttlMillis).toCompletableFuture();
                alive = probe.get(timeoutNanos, TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                if (probe != null) {
                    probe.cancel(false);
                }
                return;
            }
            fleetSize = Math.max(1, alive == null ? 1 : alive);
            recover();
            return;
        }
        async(() -> backend.heartbeat(options.instanceId(), ttlMillis), (alive, failure) -> {
            if (failure != null) {
                failed(failure);
            } else if (alive != null) {
                fleetSize = Math.max(1, alive);
            }
        });
        forEachBreaker(SharedCircuitBreakerStore::poll);
    }

    /** A transition written by some instance, from the backend's notifications: on the backend's thread. */
    private void notified(String breaker, BreakerRecord record) {
        if (breaker == null || record == null) {
            return;
        }
        List<SharedCircuitBreakerStore> stores = breakers.get(breaker);
        if (stores != null) {
            execute(() -> {
                for (SharedCircuitBreakerStore store : stores) {
                    store.offer(record);
                }
            });
        }
    }

    private void forEachBreaker(java.util.function.Consumer<SharedCircuitBreakerStore> action) {
        for (List<SharedCircuitBreakerStore> stores : breakers.values()) {
            for (SharedCircuitBreakerStore store : stores) {
                action.accept(store);
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Factories and info
    // ---------------------------------------------------------------------------------------------------------

    private final class BreakerFactory implements CircuitBreakerStore.Factory {

        @Override
        public CircuitBreakerStore create(String name, CircuitBreakerConfig config) {
            SharedCircuitBreakerStore store = new SharedCircuitBreakerStore(SharedStore.this, name, config);
            breakers.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>()).add(store);
            return store;
        }

        @Override
        public StoreInfo info() {
            return info;
        }

        @Override
        public String toString() {
            return "SharedStore.circuitBreakers[" + backend.type() + "]";
        }
    }

    private final class LimiterFactory implements RateLimiterStore.Factory {

        @Override
        public RateLimiterStore create(String name, Object key, RateLimiterConfig config) {
            return new SharedRateLimiterStore(SharedStore.this, name, key == null ? null : String.valueOf(key), config);
        }

        @Override
        public StoreInfo info() {
            return info;
        }

        @Override
        public String toString() {
            return "SharedStore.rateLimiters[" + backend.type() + "]";
        }
    }

    private final class Info implements StoreInfo {

        @Override
        public String type() {
            return backend.type();
        }

        @Override
        public boolean isShared() {
            return true;
        }

        @Override
        public boolean isDegraded() {
            return degraded;
        }

        @Override
        public String instanceId() {
            return options.instanceId();
        }

        @Override
        public String toString() {
            return "StoreInfo[" + backend.type() + ", " + (degraded ? "degraded" : "shared") + " as "
                    + options.instanceId() + "]";
        }
    }
}
