package dev.resilience.circuitbreaker;

import dev.resilience.circuitbreaker.CircuitBreaker.State;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.circuitbreaker.spi.CircuitState;
import dev.resilience.circuitbreaker.spi.Permits;
import dev.resilience.circuitbreaker.spi.SlidingWindow;
import dev.resilience.core.Ticker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sixteen threads drive one breaker through hundreds of CLOSED → OPEN → HALF_OPEN → CLOSED/OPEN cycles.
 *
 * <p>Time is virtual: every ticker read moves it by one microsecond, so OPEN (1 ms) ends after about a
 * thousand reads whatever the machine's speed; nothing depends on real timing. The store is the in-memory one
 * wrapped so the test can watch each HALF_OPEN period's permits.
 *
 * <p>Checked: HALF_OPEN never has more than its permitted calls running at once, nor admits more than that in
 * total per period (net of permits given back by ignored errors); every call ends in exactly one of success,
 * failure, ignored error or rejection, and listeners saw exactly as many of each as the callers did.
 */
class CircuitBreakerStressTest {

    static final int THREADS = 16;
    static final int CALLS_PER_THREAD = 20_000;
    static final int PERMITTED = 3;

    /** Set by the permits on the thread that was just admitted into HALF_OPEN. */
    static final ThreadLocal<Boolean> ADMITTED_AS_TRIAL = ThreadLocal.withInitial(() -> false);

    final List<CountingPermits> halfOpenPeriods = new CopyOnWriteArrayList<>();
    final AtomicInteger trialsRunning = new AtomicInteger();
    final AtomicInteger maxTrialsRunning = new AtomicInteger();
    final AtomicReference<String> violation = new AtomicReference<>();

    @Test
    void manyThreadsManyCyclesInvariantsHold() throws Exception {
        AtomicLong virtualNanos = new AtomicLong();
        Ticker ticker = () -> virtualNanos.addAndGet(1_000);
        CircuitBreakerConfig config = CircuitBreakerConfig.builder()
                .ticker(ticker)
                .slidingWindowSize(10).minimumNumberOfCalls(10).failureRateThreshold(50)
                .permittedNumberOfCallsInHalfOpenState(PERMITTED)
                .waitDurationInOpenState(Duration.ofMillis(1))
                .ignoreExceptions(IllegalArgumentException.class)
                .storeFactory((name, c) -> new CountingStore(CircuitBreakerStore.inMemory().create(name, c)))
                .build();
        CircuitBreaker cb = CircuitBreaker.of("stressed", config);
        CountingListener heard = new CountingListener();
        cb.addListener(heard);

        LongAdder calls = new LongAdder();
        LongAdder successes = new LongAdder();
        LongAdder failures = new LongAdder();
        LongAdder ignored = new LongAdder();
        LongAdder rejected = new LongAdder();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        List<Throwable> unexpected = new CopyOnWriteArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int i = 0; i < CALLS_PER_THREAD; i++) {
                        int roll = random.nextInt(100);
                        calls.increment();
                        try {
                            cb.executeSupplier(() -> protectedCall(roll));
                            successes.increment();
                        } catch (CallNotPermittedException e) {
                            rejected.increment();
                        } catch (IllegalArgumentException e) {
                            ignored.increment();
                        } catch (IllegalStateException e) {
                            failures.increment();
                        }
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            }, "stress-" + t);
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join(60_000);
            assertThat(thread.isAlive()).as("%s finished", thread.getName()).isFalse();
        }

        assertThat(unexpected).isEmpty();
        assertThat(violation.get()).isNull();

        // HALF_OPEN limits, at once and per period
        assertThat(maxTrialsRunning.get()).isBetween(1, PERMITTED);
        for (CountingPermits period : halfOpenPeriods) {
            assertThat(period.acquired.get() - period.released.get()).isLessThanOrEqualTo(PERMITTED);
        }

        // every call ended exactly one way, and listeners heard each one
        assertThat(calls.sum()).isEqualTo((long) THREADS * CALLS_PER_THREAD)
                .isEqualTo(successes.sum() + failures.sum() + ignored.sum() + rejected.sum());
        assertThat(heard.successes.sum()).isEqualTo(successes.sum());
        assertThat(heard.errors.sum()).isEqualTo(failures.sum());
        assertThat(heard.ignored.sum()).isEqualTo(ignored.sum());
        assertThat(heard.notPermitted.sum()).isEqualTo(rejected.sum());

        // it really cycled, both ways out of HALF_OPEN
        long opened = heard.transitions(State.CLOSED, State.OPEN);
        long trials = heard.transitions(State.OPEN, State.HALF_OPEN);
        long closed = heard.transitions(State.HALF_OPEN, State.CLOSED);
        long reopened = heard.transitions(State.HALF_OPEN, State.OPEN);
        // Typically hundreds of cycles; how many depends on thread scheduling, so only a floor is asserted.
        assertThat(trials).isGreaterThanOrEqualTo(10).isEqualTo(halfOpenPeriods.size());
        assertThat(closed).isPositive();
        assertThat(reopened).isPositive();
        assertThat(opened + reopened - trials).isBetween(0L, 1L);
        assertThat(trials - closed - reopened).isBetween(0L, 1L);
        assertThat(closed - opened).isBetween(-1L, 0L);
    }

    /** 45% failures, 10% ignored errors, the rest successes. */
    private String protectedCall(int roll) {
        boolean trial = ADMITTED_AS_TRIAL.get();
        if (trial) {
            ADMITTED_AS_TRIAL.set(false);
            int running = trialsRunning.incrementAndGet();
            maxTrialsRunning.accumulateAndGet(running, Math::max);
            if (running > PERMITTED) {
                violation.compareAndSet(null, running + " trial calls running at once");
            }
        }
        try {
            if (roll < 45) {
                throw new IllegalStateException("failure");
            }
            if (roll < 55) {
                throw new IllegalArgumentException("ignored");
            }
            return "ok";
        } finally {
            if (trial) {
                trialsRunning.decrementAndGet();
            }
        }
    }

    /** The in-memory store, with HALF_OPEN permits that count and mark the admitted thread. */
    final class CountingStore implements CircuitBreakerStore {
        private final CircuitBreakerStore delegate;

        CountingStore(CircuitBreakerStore delegate) {
            this.delegate = delegate;
        }

        @Override
        public CircuitState state() {
            return delegate.state();
        }

        @Override
        public boolean compareAndSet(CircuitState expected, CircuitState next) {
            boolean swapped = delegate.compareAndSet(expected, next);
            if (swapped && next.permits() != null) {
                // Only periods that were installed: threads racing to leave OPEN each build a candidate.
                halfOpenPeriods.add((CountingPermits) next.permits());
            }
            return swapped;
        }

        @Override
        public SlidingWindow newWindow(CircuitBreakerConfig.SlidingWindowType type, int size, int minimumNumberOfCalls) {
            return delegate.newWindow(type, size, minimumNumberOfCalls);
        }

        @Override
        public Permits newPermits(int permits) {
            return new CountingPermits(delegate.newPermits(permits));
        }
    }

    static final class CountingPermits implements Permits {
        final Permits delegate;
        final AtomicInteger acquired = new AtomicInteger();
        final AtomicInteger released = new AtomicInteger();

        CountingPermits(Permits delegate) {
            this.delegate = delegate;
        }

        @Override
        public boolean tryAcquire() {
            boolean admitted = delegate.tryAcquire();
            if (admitted) {
                acquired.incrementAndGet();
                ADMITTED_AS_TRIAL.set(true);
            }
            return admitted;
        }

        @Override
        public void release() {
            released.incrementAndGet();
            delegate.release();
        }

        @Override
        public int available() {
            return delegate.available();
        }
    }

    static final class CountingListener implements CircuitBreakerListener {
        final LongAdder successes = new LongAdder();
        final LongAdder errors = new LongAdder();
        final LongAdder ignored = new LongAdder();
        final LongAdder notPermitted = new LongAdder();
        final Map<String, LongAdder> transitions = new ConcurrentHashMap<>();

        long transitions(State from, State to) {
            LongAdder count = transitions.get(from + "->" + to);
            return count == null ? 0 : count.sum();
        }

        @Override
        public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
            successes.increment();
        }

        @Override
        public void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
            errors.increment();
        }

        @Override
        public void onIgnoredError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
            ignored.increment();
        }

        @Override
        public void onNotPermitted(CircuitBreaker circuitBreaker) {
            notPermitted.increment();
        }

        @Override
        public void onStateTransition(CircuitBreaker circuitBreaker, State from, State to) {
            transitions.computeIfAbsent(from + "->" + to, k -> new LongAdder()).increment();
        }
    }
}
