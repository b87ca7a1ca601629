package dev.resilience.ratelimiter;

import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Many threads on one limiter: never more than {@code limit-for-period} permits belong to one period. Time is
 * driven by hand, so nothing here depends on how fast the machine is.
 */
class RateLimiterStressTest {

    private static final int THREADS = 16;
    private static final int LIMIT = 25;
    private static final long PERIOD_NANOS = Duration.ofMillis(100).toNanos();

    /**
     * Phases: time stands still while 16 threads race for permits, then moves on. Each phase must grant exactly
     * the limit (demand is far above it), never more.
     */
    @Test
    void sixteenThreadsNeverGetMoreThanTheLimitInAPeriod() throws Exception {
        ManualTicker ticker = new ManualTicker();
        RateLimiter limiter = RateLimiter.of("stress", RateLimiterConfig.builder().limitForPeriod(LIMIT)
                .limitRefreshPeriod(Duration.ofNanos(PERIOD_NANOS)).ticker(ticker).build());
        int phases = 200;
        AtomicInteger granted = new AtomicInteger();
        AtomicInteger grantedPermits = new AtomicInteger();
        List<Integer> perPhase = new ArrayList<>();
        // The barrier action runs alone, between phases: record the phase, then move time to the next period.
        CyclicBarrier barrier = new CyclicBarrier(THREADS, () -> {
            perPhase.add(grantedPermits.getAndSet(0));
            granted.set(0);
            long step = ThreadLocalRandom.current().nextInt(3) == 0
                    ? PERIOD_NANOS * (1 + ThreadLocalRandom.current().nextInt(3)) : PERIOD_NANOS;
            ticker.advance(step);
        });
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int phase = 0; phase < phases; phase++) {
                        for (int attempt = 0; attempt < 40; attempt++) {
                            // Most ask for one permit, some for a few at once.
                            int permits = (id + attempt) % 7 == 0 ? 3 : 1;
                            if (limiter.tryAcquirePermission(permits)) {
                                granted.incrementAndGet();
                                grantedPermits.addAndGet(permits);
                            }
                        }
                        barrier.await(30, TimeUnit.SECONDS);
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    barrier.reset();
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }

        assertThat(failure.get()).isNull();
        assertThat(perPhase).hasSize(phases);
        // A refused 3-permit request may leave up to 2 permits unused; never is a permit too many handed out.
        assertThat(perPhase).allSatisfy(permits -> assertThat(permits).isBetween(LIMIT - 2, LIMIT));
    }

    /**
     * Time moves while 16 threads take and reserve permits. Each thread learns the ticker reading its own
     * decision was based on, so every grant is attributed to the period its permit belongs to (reading plus
     * wait); no period may own more than the limit.
     */
    @Test
    void withTimeMovingUnderneathReservationsNeverOverbookAPeriod() throws Exception {
        ManualTicker ticker = new ManualTicker(-3_000_000_000L);
        long origin = ticker.now();
        RateLimiter limiter = RateLimiter.of("stress", RateLimiterConfig.builder().limitForPeriod(LIMIT)
                .limitRefreshPeriod(Duration.ofNanos(PERIOD_NANOS)).timeoutDuration(Duration.ofNanos(3 * PERIOD_NANOS))
                .ticker(ticker).build());
        ConcurrentHashMap<Long, LongAdder> permitsPerPeriod = new ConcurrentHashMap<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread clock = new Thread(() -> {
            while (running.get()) {
                ticker.advance(ThreadLocalRandom.current().nextLong(PERIOD_NANOS / 50));
                Thread.onSpinWait();
            }
        });
        clock.start();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int id = t;
            Thread thread = new Thread(() -> {
                try {
                    for (int i = 0; i < 20_000; i++) {
                        int permits = (id + i) % 5 == 0 ? 2 : 1;
                        long wait = (id % 2 == 0) ? limiter.reservePermission(permits)
                                : (limiter.tryAcquirePermission(permits) ? 0L : -1L);
                        if (wait >= 0) {
                            long period = Math.floorDiv(ticker.lastReadOnThisThread() + wait - origin, PERIOD_NANOS);
                            permitsPerPeriod.computeIfAbsent(period, p -> new LongAdder()).add(permits);
                        }
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join(60_000);
        }
        running.set(false);
        clock.join(10_000);

        assertThat(failure.get()).isNull();
        assertThat(permitsPerPeriod).isNotEmpty();
        permitsPerPeriod.forEach((period, permits) ->
                assertThat(permits.sum()).as("permits of period %d", period).isLessThanOrEqualTo(LIMIT));
        assertThat(permitsPerPeriod.values()).as("the limiter was under pressure")
                .anySatisfy(permits -> assertThat(permits.sum()).isEqualTo(LIMIT));
    }

    /** Reconfiguring under load hands the state over without losing or doubling a grant. */
    @Test
    void reconfiguringUnderLoadNeitherLosesNorDoublesAGrant() throws Exception {
        ManualTicker ticker = new ManualTicker();
        RateLimiterConfig oneSecond = RateLimiterConfig.builder().limitForPeriod(LIMIT)
                .limitRefreshPeriod(Duration.ofSeconds(1)).ticker(ticker).build();
        RateLimiterConfig twoSeconds = RateLimiterConfig.from(oneSecond).limitRefreshPeriod(Duration.ofSeconds(2))
                .build();
        RateLimiter limiter = RateLimiter.of("stress", oneSecond);
        for (int phase = 0; phase < 20; phase++) {
            AtomicInteger granted = new AtomicInteger();
            CyclicBarrier start = new CyclicBarrier(THREADS + 1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                Thread thread = new Thread(() -> {
                    try {
                        start.await(30, TimeUnit.SECONDS);
                        for (int i = 0; i < 500; i++) {
                            if (limiter.tryAcquirePermission()) {
                                granted.incrementAndGet();
                            }
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                threads.add(thread);
                thread.start();
            }
            start.await(30, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                // Both cut the same current period (time is still within the first second of it).
                limiter.reconfigure(i % 2 == 0 ? twoSeconds : oneSecond);
            }
            for (Thread thread : threads) {
                thread.join(30_000);
            }

            assertThat(granted).as("phase %d", phase).hasValue(LIMIT);
            ticker.advance(Duration.ofSeconds(2));
        }
    }
}
