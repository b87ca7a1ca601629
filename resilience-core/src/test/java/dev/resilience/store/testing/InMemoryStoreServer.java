package dev.resilience.store.testing;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.spi.Acquisition;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.LimiterReply;
import dev.resilience.store.spi.OutcomeCounts;
import dev.resilience.store.spi.StoreBackend;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;

/**
 * The reference implementation of the {@link StoreBackend} contract, in plain Java: a "server" holding the
 * shared state of many "connections" ({@link #connect()}), each of which is one application instance's backend.
 * It is what the contract means, written as directly as possible, for the backend-neutral tests of
 * {@code SharedStore} and as the model for real backends (the Redis scripts and the SQL follow the same steps).
 *
 * <p>The server can be stopped (every operation fails at once, as a refused connection does), made to hang
 * (operations never answer, as a stalled server), and restarted empty (as a Redis without persistence). It
 * counts operations, so tests can prove that a path makes no round trip. Thread-safe: one lock.
 */
public final class InMemoryStoreServer {

    /** How the server answers. */
    public enum Mode {
        /** Answers. */
        UP,
        /** Refuses: every operation fails at once. */
        DOWN,
        /** Stalls: operations never answer. */
        HANGING
    }

    private final Object lock = new Object();
    private final LongSupplier clockNanos;
    private final List<BiConsumer<String, BreakerRecord>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong operations = new AtomicLong();
    private final AtomicLong attempts = new AtomicLong();
    private final List<CompletableFuture<?>> hanging = new CopyOnWriteArrayList<>();
    private volatile Mode mode = Mode.UP;
    private volatile boolean notifying = true;
    private Map<String, Breaker> breakers = new HashMap<>();
    private Map<String, long[]> limiters = new HashMap<>();
    private Map<String, Long> heartbeats = new HashMap<>();

    /** A server on the system clock. */
    public InMemoryStoreServer() {
        this(System::nanoTime);
    }

    /** A server on the given clock, in nanoseconds (for tests that move time by hand). */
    public InMemoryStoreServer(LongSupplier clockNanos) {
        this.clockNanos = clockNanos;
    }

    /** A new connection: one application instance's backend. */
    public StoreBackend connect() {
        return new Connection();
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** Whether transitions are delivered to subscribers; {@code false} loses every notification. */
    public void notifying(boolean notifying) {
        this.notifying = notifying;
    }

    /** Forgets everything, as a restarted server without persistence does. */
    public void wipe() {
        synchronized (lock) {
            breakers = new HashMap<>();
            limiters = new HashMap<>();
            heartbeats = new HashMap<>();
        }
    }

    /** The operations a {@link Mode#HANGING} server left unanswered, in the order they were asked for. */
    public List<CompletableFuture<?>> unanswered() {
        return List.copyOf(hanging);
    }

    /** The operations asked for so far, by every connection, answered or not. */
    public long attempts() {
        return attempts.get();
    }

    /** The operations answered so far, by every connection. */
    public long operations() {
        return operations.get();
    }

    private long nowMillis() {
        return Math.floorDiv(clockNanos.getAsLong(), 1_000_000L);
    }

    // -------------------------------------------------------------------------------------------------------
    // The operations, each atomic under the lock
    // -------------------------------------------------------------------------------------------------------

    private int heartbeat(String instanceId, long ttlMillis) {
        synchronized (lock) {
            long now = nowMillis();
            heartbeats.put(instanceId, now + ttlMillis);
            heartbeats.values().removeIf(expiry -> expiry <= now);
            return heartbeats.size();
        }
    }

    private BreakerRecord read(String name) {
        synchronized (lock) {
            Breaker b = breakers.get(name);
            return b == null ? null : b.record.at(nowMillis());
        }
    }

    private BreakerWrite compareAndSet(String name, long expectedEpoch, CircuitBreaker.State state, long epoch,
            long periodMillis, String origin) {
        BreakerRecord written;
        synchronized (lock) {
            long now = nowMillis();
            Breaker b = breakers.get(name);
            if (expectedEpoch == StoreBackend.ABSENT) {
                if (b != null) {
                    return new BreakerWrite(false, b.record.at(now));
                }
                b = new Breaker();
                breakers.put(name, b);
            } else if (b == null) {
                return new BreakerWrite(false, null);
            } else if (b.record.epoch() != expectedEpoch) {
                return new BreakerWrite(false, b.record.at(now));
            }
            written = new BreakerRecord(state, epoch, now, periodMillis, origin, now);
            b.record = written;
        }
        for (BiConsumer<String, BreakerRecord> subscriber : subscribers) {
            subscriber.accept(name, written);
        }
        return new BreakerWrite(true, written);
    }

    private OutcomeCounts recordOutcomes(String name, long epoch, CircuitBreakerConfig.SlidingWindowType type,
            int size, OutcomeCounts batch) {
        synchronized (lock) {
            Breaker b = breakers.get(name);
            if (b == null || b.record.epoch() != epoch) {
                return null;
            }
            if (b.windowEpoch != epoch || b.windowType != type || b.windowSize != size) {
                b.resetWindow(epoch, type, size);
            }
            if (type == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED) {
                b.append(3, batch.slowFailedCalls());
                b.append(1, batch.fastFailures());
                b.append(2, batch.slowSuccesses());
                b.append(0, batch.plainSuccesses());
                return new OutcomeCounts(b.totals[0], b.totals[1], b.totals[2], b.totals[3]);
            }
            long second = Math.floorDiv(nowMillis(), 1000L);
            int[] bucket = b.buckets.computeIfAbsent(second, s -> new int[4]);
            bucket[0] += batch.calls();
            bucket[1] += batch.failedCalls();
            bucket[2] += batch.slowCalls();
            bucket[3] += batch.slowFailedCalls();
            b.buckets.headMap(second - size + 1).clear();
            int[] sum = new int[4];
            for (int[] counts : b.buckets.values()) {
                for (int i = 0; i < 4; i++) {
                    sum[i] += counts[i];
                }
            }
            return new OutcomeCounts(sum[0], sum[1], sum[2], sum[3]);
        }
    }

    private boolean acquireTrialPermit(String name, long epoch, int permitted) {
        synchronized (lock) {
            Breaker b = breakers.get(name);
            if (b == null || b.record.epoch() != epoch || b.record.state() != CircuitBreaker.State.HALF_OPEN) {
                return false;
            }
            if (b.trialEpoch != epoch) {
                b.trialEpoch = epoch;
                b.trialTaken = 0;
            }
            if (b.trialTaken >= permitted) {
                return false;
            }
            b.trialTaken++;
            return true;
        }
    }

    private void releaseTrialPermit(String name, long epoch) {
        synchronized (lock) {
            Breaker b = breakers.get(name);
            if (b != null && b.trialEpoch == epoch && b.trialTaken > 0) {
                b.trialTaken--;
            }
        }
    }

    /**
     * The limiter algorithm every backend implements: state {@code (cycle k, used)} = permits taken from the
     * start of period {@code k} onwards; periods cut on the server clock.
     */
    private LimiterReply acquirePermits(String limiter, String key, int permits, long timeoutNanos, int limit,
            long periodNanos) {
        synchronized (lock) {
            long now = clockNanos.getAsLong();
            long cycle = Math.floorDiv(now, periodNanos);
            long into = now - cycle * periodNanos;
            String id = key == null ? limiter : limiter + "\u0000" + key;
            long[] state = limiters.get(id);
            long start = 0;
            if (state != null && now < state[2]) {
                long behind = cycle - state[0];
                start = behind > state[1] / limit + 1 ? 0 : Math.max(0, state[1] - behind * limit);
            }
            long end = start + permits;
            if (end <= limit) {
                limiters.put(id, new long[] {cycle, end, expiry(cycle, end, limit, periodNanos)});
                return new LimiterReply(0L, (int) (limit - end));
            }
            long grantCycle = start / limit;
            if (start - grantCycle * limit + permits > limit) {
                grantCycle++;
                end = grantCycle * limit + permits;
            }
            long wait = grantCycle * periodNanos - into;
            if (wait > timeoutNanos) {
                return new LimiterReply(Acquisition.rejected(wait), (int) Math.max(Integer.MIN_VALUE, limit - start));
            }
            limiters.put(id, new long[] {cycle, end, expiry(cycle, end, limit, periodNanos)});
            return new LimiterReply(Acquisition.granted(wait), (int) Math.max(Integer.MIN_VALUE, limit - end));
        }
    }

    /** The state is worthless once every period it holds permits of has passed: the TTL of a real store. */
    private static long expiry(long cycle, long used, long limit, long periodNanos) {
        long periods = (used + limit - 1) / limit;
        return (cycle + Math.max(1, periods)) * periodNanos;
    }

    /** Whether the server still holds state for the limiter (key): false once its TTL has passed. */
    public boolean holdsLimiter(String limiter, String key) {
        synchronized (lock) {
            long[] state = limiters.get(key == null ? limiter : limiter + "\u0000" + key);
            return state != null && clockNanos.getAsLong() < state[2];
        }
    }

    private static final class Breaker {
        BreakerRecord record;
        long windowEpoch = Long.MIN_VALUE;
        CircuitBreakerConfig.SlidingWindowType windowType;
        int windowSize;
        int[] ring;
        int cursor;
        final int[] totals = new int[4];
        final TreeMap<Long, int[]> buckets = new TreeMap<>();
        long trialEpoch = Long.MIN_VALUE;
        int trialTaken;

        void resetWindow(long epoch, CircuitBreakerConfig.SlidingWindowType type, int size) {
            windowEpoch = epoch;
            windowType = type;
            windowSize = size;
            ring = type == CircuitBreakerConfig.SlidingWindowType.COUNT_BASED ? new int[size] : null;
            cursor = 0;
            java.util.Arrays.fill(totals, 0);
            buckets.clear();
        }

        /** Appends {@code count} outcomes of one kind (0 success, 1 failure, 2 slow, 3 slow failure) to the ring. */
        void append(int outcome, int count) {
            for (int i = 0; i < count; i++) {
                int evicted = ring[cursor];
                if (evicted != 0) {
                    count(evicted - 1, -1);
                }
                ring[cursor] = outcome + 1;
                count(outcome, 1);
                cursor = (cursor + 1) % ring.length;
            }
        }

        private void count(int outcome, int delta) {
            totals[0] += delta;
            if ((outcome & 1) != 0) {
                totals[1] += delta;
            }
            if ((outcome & 2) != 0) {
                totals[2] += delta;
            }
            if (outcome == 3) {
                totals[3] += delta;
            }
        }
    }

    // -------------------------------------------------------------------------------------------------------
    // One connection
    // -------------------------------------------------------------------------------------------------------

    private final class Connection implements StoreBackend {

        private volatile boolean closed;

        private <T> CompletionStage<T> answer(java.util.function.Supplier<T> operation) {
            attempts.incrementAndGet();
            Mode m = mode;
            if (closed || m == Mode.DOWN) {
                return CompletableFuture.failedFuture(new IOException("Connection refused (in-memory store server "
                        + (closed ? "connection closed" : "down") + ")"));
            }
            if (m == Mode.HANGING) {
                CompletableFuture<T> stalled = new CompletableFuture<>();
                hanging.add(stalled);
                return stalled;
            }
            operations.incrementAndGet();
            return CompletableFuture.completedFuture(operation.get());
        }

        @Override
        public String type() {
            return "test";
        }

        @Override
        public CompletionStage<Integer> heartbeat(String instanceId, long ttlMillis) {
            return answer(() -> InMemoryStoreServer.this.heartbeat(instanceId, ttlMillis));
        }

        @Override
        public void subscribe(BiConsumer<String, BreakerRecord> listener) {
            subscribers.add((name, record) -> {
                if (!closed && mode == Mode.UP && notifying) {
                    listener.accept(name, record);
                }
            });
        }

        @Override
        public CompletionStage<BreakerRecord> read(String breaker) {
            return answer(() -> InMemoryStoreServer.this.read(breaker));
        }

        @Override
        public CompletionStage<BreakerWrite> compareAndSet(String breaker, long expectedEpoch, CircuitBreaker.State state,
                long epoch, long periodMillis, String origin) {
            return answer(() -> InMemoryStoreServer.this.compareAndSet(breaker, expectedEpoch, state, epoch,
                    periodMillis, origin));
        }

        @Override
        public CompletionStage<OutcomeCounts> recordOutcomes(String breaker, long epoch,
                CircuitBreakerConfig.SlidingWindowType type, int size, OutcomeCounts batch) {
            return answer(() -> InMemoryStoreServer.this.recordOutcomes(breaker, epoch, type, size, batch));
        }

        @Override
        public CompletionStage<Boolean> acquireTrialPermit(String breaker, long epoch, int permitted) {
            return answer(() -> InMemoryStoreServer.this.acquireTrialPermit(breaker, epoch, permitted));
        }

        @Override
        public CompletionStage<Void> releaseTrialPermit(String breaker, long epoch) {
            return answer(() -> {
                InMemoryStoreServer.this.releaseTrialPermit(breaker, epoch);
                return null;
            });
        }

        @Override
        public CompletionStage<LimiterReply> acquirePermits(String limiter, String key, int permits, long timeoutNanos,
                int limitForPeriod, long periodNanos) {
            return answer(() -> InMemoryStoreServer.this.acquirePermits(limiter, key, permits, timeoutNanos,
                    limitForPeriod, periodNanos));
        }

        @Override
        public void close() {
            closed = true;
        }
    }
}
