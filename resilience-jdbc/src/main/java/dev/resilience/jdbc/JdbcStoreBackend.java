package dev.resilience.jdbc;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.jdbc.internal.CircuitBreakerSql;
import dev.resilience.jdbc.internal.FleetSql;
import dev.resilience.jdbc.internal.NotificationListener;
import dev.resilience.jdbc.internal.RateLimiterSql;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.LimiterReply;
import dev.resilience.store.spi.OutcomeCounts;
import dev.resilience.store.spi.StoreBackend;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * The PostgreSQL backend of a {@link dev.resilience.store.SharedStore}: circuit breakers and rate limiters
 * shared by every application instance that uses the same database, through plain JDBC on the application's
 * {@link DataSource}.
 *
 * <pre>{@code
 * JdbcSchema.postgresql().apply(dataSource);          // or SchemaTool, or your migrations
 * SharedStore store = JdbcStoreBackend.builder(dataSource).start(SharedStoreOptions.defaults());
 * CircuitBreakerConfig config = CircuitBreakerConfig.builder().storeFactory(store.circuitBreakers()).build();
 * }</pre>
 *
 * <h2>What it does in the database</h2>
 * <ul>
 *   <li>A rate-limiter acquisition is <b>one statement</b>, an {@code INSERT ... ON CONFLICT DO UPDATE ...
 *       RETURNING} on the limiter's (or key's) row, on the database clock: see {@code RateLimiterSql}.
 *   <li>A breaker transition is a conditional {@code UPDATE ... WHERE epoch = ?} that also {@code NOTIFY}s
 *       every instance; one connection per instance stays in {@code LISTEN} (taken from the data source for
 *       as long as the backend runs).
 *   <li>Outcome batches (one per breaker per flush interval, and only when there were calls) are one statement
 *       each; trial permits of HALF_OPEN one conditional {@code UPDATE} each.
 *   <li>A cleanup every {@link Builder#cleanupInterval cleanup interval} deletes limiter rows whose periods have
 *       passed, outcome rows that left their window or period, and instances that stopped heartbeating.
 * </ul>
 *
 * <h2>Threads and connections</h2>
 * Statements run on the backend's own pool of {@link Builder#threads threads} (daemon, created on demand),
 * each borrowing a connection from the data source for one statement, never on the caller's thread, so that
 * {@code SharedStore} can bound every wait by its timeout whatever the pool or the network do. Each borrowed
 * connection gets a {@link Builder#networkTimeout network timeout}, so a statement stuck on a dead connection
 * frees its thread. Connections are used in auto-commit mode; a data source that hands out connections
 * without auto-commit gets each statement committed.
 *
 * <p>Thread-safe. {@link #close()} stops the threads and gives the listening connection back.
 *
 * @since 0.1.0
 */
public final class JdbcStoreBackend implements StoreBackend {

    private static final System.Logger LOG = System.getLogger(JdbcStoreBackend.class.getName());
    private static final Executor DIRECT = Runnable::run;

    private final DataSource dataSource;
    private final int networkTimeoutMillis;
    private final long abandonAfterNanos;
    private final Duration reconnectBackoff;
    private final ThreadPoolExecutor executor;
    private final ScheduledThreadPoolExecutor cleaner;
    /** The window shape of each breaker seen in {@link #recordOutcomes}: {type ordinal, size}, for the cleanup. */
    private final Map<String, int[]> windows = new ConcurrentHashMap<>();
    private final AtomicBoolean subscribed = new AtomicBoolean();
    private volatile NotificationListener listener;
    private volatile boolean closed;

    private JdbcStoreBackend(Builder builder) {
        this.dataSource = builder.dataSource;
        this.networkTimeoutMillis = (int) Math.min(Integer.MAX_VALUE, builder.networkTimeout.toMillis());
        this.reconnectBackoff = builder.reconnectBackoff;
        this.abandonAfterNanos = builder.abandonAfter.toNanos();
        AtomicInteger threads = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(builder.threads, builder.threads, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(builder.queueCapacity), task -> {
                    Thread thread = new Thread(task, "resilience-jdbc-" + threads.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
        executor.allowCoreThreadTimeOut(true);
        this.cleaner = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "resilience-jdbc-cleanup");
            thread.setDaemon(true);
            return thread;
        });
        cleaner.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        long cleanupMillis = builder.cleanupInterval.toMillis();
        cleaner.scheduleWithFixedDelay(this::cleanUp, cleanupMillis, cleanupMillis, TimeUnit.MILLISECONDS);
        warmUp(builder.threads, builder.warmUp);
    }

    /**
     * Opens a connection on each thread and runs a trivial statement before the first real one, waiting at
     * most {@code wait}: a pool that starts empty otherwise makes the first statements of every thread late
     * (connecting, authenticating), and the shared store would take that for an outage. A database that does
     * not answer in time is no error: the store starts degraded and finds it later.
     */
    private void warmUp(int threads, Duration wait) {
        if (wait.isZero()) {
            return;
        }
        CompletableFuture<?>[] probes = new CompletableFuture<?>[threads];
        for (int i = 0; i < threads; i++) {
            probes[i] = submit(c -> CircuitBreakerSql.read(c, ""), Long.MAX_VALUE).toCompletableFuture();
        }
        try {
            CompletableFuture.allOf(probes).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.log(System.Logger.Level.DEBUG, "The PostgreSQL store did not answer at start-up", e);
        }
    }

    /**
     * Starts building a backend on {@code dataSource}, which must reach a PostgreSQL database holding the
     * {@link JdbcSchema} tables.
     */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    @Override
    public String type() {
        return "jdbc";
    }

    @Override
    public CompletionStage<Integer> heartbeat(String instanceId, long ttlMillis) {
        return submit(c -> FleetSql.heartbeat(c, instanceId, ttlMillis));
    }

    @Override
    public void subscribe(BiConsumer<String, BreakerRecord> consumer) {
        Objects.requireNonNull(consumer, "listener");
        if (!subscribed.compareAndSet(false, true) || closed) {
            return;
        }
        NotificationListener started = new NotificationListener(dataSource, CircuitBreakerSql.CHANNEL, payload -> {
            CircuitBreakerSql.Notified notified = CircuitBreakerSql.parse(payload);
            if (notified != null) {
                consumer.accept(notified.name, notified.record);
            }
        }, new NotificationListener.Callbacks() {
            @Override
            public void connected() {
                LOG.log(System.Logger.Level.DEBUG, "Listening for circuit-breaker transitions on PostgreSQL");
            }

            @Override
            public void disconnected(Exception cause) {
                // The shared store reports outages; the poll covers what notifications miss meanwhile.
                LOG.log(System.Logger.Level.DEBUG, "The LISTEN connection broke; reconnecting", cause);
            }

            @Override
            public void unsupported(Exception cause) {
                LOG.log(System.Logger.Level.WARNING, cause.getMessage()
                        + ": instances learn other instances' circuit-breaker transitions by polling only");
            }
        }, reconnectBackoff.toMillis(), "resilience-jdbc-listen");
        listener = started;
        started.start();
    }

    @Override
    public CompletionStage<BreakerRecord> read(String breaker) {
        return submit(c -> CircuitBreakerSql.read(c, breaker));
    }

    @Override
    public CompletionStage<BreakerWrite> compareAndSet(String breaker, long expectedEpoch, CircuitBreaker.State state,
            long epoch, long periodMillis, String origin) {
        return submit(c -> CircuitBreakerSql.compareAndSet(c, breaker, expectedEpoch, state, epoch, periodMillis, origin));
    }

    @Override
    public CompletionStage<OutcomeCounts> recordOutcomes(String breaker, long epoch,
            CircuitBreakerConfig.SlidingWindowType type, int size, OutcomeCounts batch) {
        int[] shape = windows.get(breaker);
        if (shape == null || shape[0] != type.ordinal() || shape[1] != size) {
            windows.put(breaker, new int[] {type.ordinal(), size});
        }
        return submit(c -> CircuitBreakerSql.recordOutcomes(c, breaker, epoch, type, size, batch));
    }

    @Override
    public CompletionStage<Boolean> acquireTrialPermit(String breaker, long epoch, int permitted) {
        return submit(c -> CircuitBreakerSql.takeTrialPermit(c, breaker, epoch, permitted));
    }

    @Override
    public CompletionStage<Void> releaseTrialPermit(String breaker, long epoch) {
        return submit(c -> {
            CircuitBreakerSql.returnTrialPermit(c, breaker, epoch);
            return null;
        });
    }

    @Override
    public CompletionStage<LimiterReply> acquirePermits(String limiter, String key, int permits, long timeoutNanos,
            int limitForPeriod, long periodNanos) {
        // Microsecond resolution: the database clock has no finer one.
        long periodMicros = Math.max(1L, periodNanos / 1000);
        long timeoutMicros = timeoutNanos / 1000;
        return submit(c -> {
            RateLimiterSql.Answer answer = new RateLimiterSql.Answer();
            RateLimiterSql.acquire(c, limiter, key, limitForPeriod, periodMicros, permits, timeoutMicros, null, answer);
            long available = limitForPeriod - answer.used;
            return new LimiterReply(answer.decision,
                    (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, available)));
        });
    }

    /** The data source the statements run on. */
    DataSource dataSource() {
        return dataSource;
    }

    /** Deletes what nobody needs any more; failures (an outage) wait for the next round. */
    void cleanUp() {
        if (closed) {
            return;
        }
        try (Connection c = connection()) {
            RateLimiterSql.deleteExpired(c, null);
            FleetSql.deleteExpired(c);
            try (var s = c.prepareStatement(CircuitBreakerSql.DELETE_ENDED_OUTCOMES)) {
                s.executeUpdate();
            }
            for (Map.Entry<String, int[]> window : windows.entrySet()) {
                boolean timeBased = window.getValue()[0] == CircuitBreakerConfig.SlidingWindowType.TIME_BASED.ordinal();
                try (var s = c.prepareStatement(timeBased
                        ? CircuitBreakerSql.DELETE_OLD_BUCKETS : CircuitBreakerSql.DELETE_OLD_BATCHES)) {
                    s.setString(1, window.getKey());
                    if (timeBased) {
                        s.setInt(2, window.getValue()[1]);
                    } else {
                        s.setString(2, window.getKey());
                        s.setInt(3, window.getValue()[1]);
                    }
                    s.executeUpdate();
                }
            }
            commitIfNeeded(c);
        } catch (SQLException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "Cleaning up the PostgreSQL store failed; trying again later", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        NotificationListener l = listener;
        if (l != null) {
            l.close();
        }
        cleaner.shutdownNow();
        executor.shutdownNow();
    }

    @Override
    public String toString() {
        return "JdbcStoreBackend[" + dataSource + "]";
    }

    // ---------------------------------------------------------------------------------------------------------

    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> CompletionStage<T> submit(Work<T> work) {
        return submit(work, abandonAfterNanos);
    }

    private <T> CompletionStage<T> submit(Work<T> work, long abandonAfterNanos) {
        CompletableFuture<T> future = new CompletableFuture<>();
        long submitted = System.nanoTime();
        try {
            executor.execute(() -> {
                if (abandoned(submitted, abandonAfterNanos, future)) {
                    return;
                }
                try (Connection c = connection()) {
                    // Waiting for a connection is where an outage makes statements queue up.
                    if (abandoned(submitted, abandonAfterNanos, future)) {
                        return;
                    }
                    T result;
                    try {
                        result = work.run(c);
                        commitIfNeeded(c);
                    } catch (SQLException | RuntimeException e) {
                        rollbackIfNeeded(c, e);
                        throw e;
                    }
                    future.complete(result);
                } catch (Throwable t) {
                    future.completeExceptionally(t);
                }
            });
        } catch (RejectedExecutionException e) {
            future.completeExceptionally(closed ? new IllegalStateException("The JDBC store backend is closed", e)
                    : new RejectedExecutionException("The JDBC store backend has " + executor.getQueue().size()
                            + " statements waiting already", e));
        }
        return future;
    }

    /**
     * Fails, unexecuted, an operation that waited longer than {@code abandonAfter} for a thread or a connection:
     * its caller has stopped waiting, and running it now (say, once the database is back) could only take a
     * rate-limit permit nobody uses or write an outdated state.
     */
    private static boolean abandoned(long submitted, long abandonAfterNanos, CompletableFuture<?> future) {
        if (future.isDone()) {
            return true;
        }
        long waited = System.nanoTime() - submitted;
        if (waited <= abandonAfterNanos) {
            return false;
        }
        future.completeExceptionally(new java.util.concurrent.TimeoutException("The statement waited "
                + TimeUnit.NANOSECONDS.toMillis(waited) + " ms for a thread or a connection; abandoned unexecuted"));
        return true;
    }

    private Connection connection() throws SQLException {
        Connection c = dataSource.getConnection();
        try {
            if (networkTimeoutMillis > 0) {
                c.setNetworkTimeout(DIRECT, networkTimeoutMillis);
            }
        } catch (SQLException | RuntimeException e) {
            // A driver without network timeouts still works; the store's own timeout bounds the callers' waits.
            if (!(e instanceof java.sql.SQLFeatureNotSupportedException)) {
                c.close();
                throw e;
            }
        }
        return c;
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static void rollbackIfNeeded(Connection c, Exception cause) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    /**
     * Builds a {@link JdbcStoreBackend}. Not thread-safe.
     *
     * @since 0.1.0
     */
    public static final class Builder {

        /** Default {@link #threads}. */
        public static final int DEFAULT_THREADS = 4;
        /** Default {@link #networkTimeout}. */
        public static final Duration DEFAULT_NETWORK_TIMEOUT = Duration.ofSeconds(5);
        /** Default {@link #abandonAfter} of {@link #build()}; {@link #start} uses the store's timeout. */
        public static final Duration DEFAULT_ABANDON_AFTER = Duration.ofSeconds(1);
        /** Default {@link #warmUp}. */
        public static final Duration DEFAULT_WARM_UP = Duration.ofSeconds(2);
        /** Default {@link #cleanupInterval}. */
        public static final Duration DEFAULT_CLEANUP_INTERVAL = Duration.ofSeconds(30);

        private final DataSource dataSource;
        private int threads = DEFAULT_THREADS;
        private int queueCapacity = 10_000;
        private Duration networkTimeout = DEFAULT_NETWORK_TIMEOUT;
        private Duration cleanupInterval = DEFAULT_CLEANUP_INTERVAL;
        private Duration reconnectBackoff = Duration.ofSeconds(2);
        private Duration warmUp = DEFAULT_WARM_UP;
        private Duration abandonAfter;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /**
         * How many statements run at once, each on its own thread with its own connection (default
         * {@value #DEFAULT_THREADS}). Rate-limiter acquisitions of all callers queue for these threads; keep
         * it within the data source's pool size.
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder threads(int threads) {
            if (threads < 1) {
                throw new IllegalArgumentException("Invalid threads (" + threads + "): must be at least 1");
            }
            this.threads = threads;
            return this;
        }

        /**
         * How many statements may wait for a thread (default 10,000); beyond that an operation fails at once,
         * which the shared store treats as an outage.
         *
         * @throws IllegalArgumentException when below 1
         */
        public Builder queueCapacity(int queueCapacity) {
            if (queueCapacity < 1) {
                throw new IllegalArgumentException("Invalid queueCapacity (" + queueCapacity + "): must be at least 1");
            }
            this.queueCapacity = queueCapacity;
            return this;
        }

        /**
         * The network timeout set on each borrowed connection ({@link Connection#setNetworkTimeout}), default
         * 5 s; {@code Duration.ZERO} leaves the data source's. Callers never wait that long (the shared store's
         * timeout bounds them); it frees a thread stuck on a connection that died silently.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder networkTimeout(Duration networkTimeout) {
            if (Objects.requireNonNull(networkTimeout, "networkTimeout").isNegative()) {
                throw new IllegalArgumentException("Invalid networkTimeout (" + networkTimeout + "): must not be negative");
            }
            this.networkTimeout = networkTimeout;
            return this;
        }

        /**
         * How long an operation may wait for a thread and a connection before it is abandoned unexecuted
         * (default: the shared store's timeout with {@link #start}, else 1 s). Set it to the shared store's
         * {@link dev.resilience.store.SharedStoreOptions#timeout() timeout}: beyond it nobody waits for the answer,
         * and a statement run later (when the database is back after an outage) could only take a rate-limit
         * permit that nobody uses.
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder abandonAfter(Duration abandonAfter) {
            if (Objects.requireNonNull(abandonAfter, "abandonAfter").isNegative() || abandonAfter.isZero()) {
                throw new IllegalArgumentException("Invalid abandonAfter (" + abandonAfter + "): must be positive");
            }
            this.abandonAfter = abandonAfter;
            return this;
        }

        /**
         * How often expired rows are deleted (default 30 s).
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder cleanupInterval(Duration cleanupInterval) {
            if (Objects.requireNonNull(cleanupInterval, "cleanupInterval").isNegative() || cleanupInterval.isZero()) {
                throw new IllegalArgumentException("Invalid cleanupInterval (" + cleanupInterval + "): must be positive");
            }
            this.cleanupInterval = cleanupInterval;
            return this;
        }

        /**
         * The longest pause between two attempts of the {@code LISTEN} connection to reconnect (default 2 s;
         * the pauses grow from 50 ms).
         *
         * @throws IllegalArgumentException when not positive
         */
        public Builder reconnectBackoff(Duration reconnectBackoff) {
            if (Objects.requireNonNull(reconnectBackoff, "reconnectBackoff").isNegative() || reconnectBackoff.isZero()) {
                throw new IllegalArgumentException("Invalid reconnectBackoff (" + reconnectBackoff + "): must be positive");
            }
            this.reconnectBackoff = reconnectBackoff;
            return this;
        }

        /**
         * How long {@link #build()} waits at most for every thread to have run a first statement (default
         * 2 s; {@code Duration.ZERO}: not at all). Without it the first statements pay for connecting, and may
         * take longer than the shared store's timeout.
         *
         * @throws IllegalArgumentException when negative
         */
        public Builder warmUp(Duration warmUp) {
            if (Objects.requireNonNull(warmUp, "warmUp").isNegative()) {
                throw new IllegalArgumentException("Invalid warmUp (" + warmUp + "): must not be negative");
            }
            this.warmUp = warmUp;
            return this;
        }

        /** The backend, warmed up; its cleanup starts now, its notifications when the shared store subscribes. */
        public JdbcStoreBackend build() {
            if (abandonAfter == null) {
                abandonAfter = DEFAULT_ABANDON_AFTER;
            }
            return new JdbcStoreBackend(this);
        }

        /**
         * Builds the backend and starts a shared store on it, with {@link #abandonAfter} set to the options'
         * timeout unless set explicitly:
         * {@code SharedStore store = JdbcStoreBackend.builder(dataSource).start(SharedStoreOptions.defaults());}
         */
        public SharedStore start(SharedStoreOptions options) {
            Objects.requireNonNull(options, "options");
            if (abandonAfter == null) {
                abandonAfter = options.timeout();
            }
            return SharedStore.start(build(), options);
        }
    }
}
