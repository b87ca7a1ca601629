package dev.resilience.benchmarks;

import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Keyed rate limiting, one permit per call, the limit never reached:
 * <ul>
 *   <li>{@code hit*}: 1,000 keys cycled, all held (max-keys 10,000): lookup, recency stamp, permit;
 *   <li>{@code churn*}: 1,000,000 keys cycled through max-keys 1,000: almost every call adds a key and evicts
 *       one, the worst case (it allocates the new key's limiter);
 *   <li>{@code resilience4jPerKey*}: what resilience4j users write instead, one limiter per key in a
 *       {@code ConcurrentHashMap} via {@code computeIfAbsent}, unbounded (no eviction at all).
 * </ul>
 * One thread and two threads on one shared keyed limiter.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KeyedRateLimiterBenchmark {

    private static final int HOT_KEYS = 1_024;
    private static final int CHURN_KEYS = 1 << 20;

    private String[] hotKeys;
    private String[] churnKeys;
    private KeyedRateLimiter held;
    private KeyedRateLimiter churning;
    private final ConcurrentHashMap<String, io.github.resilience4j.ratelimiter.RateLimiter> resilience4jPerKey =
            new ConcurrentHashMap<>();
    private io.github.resilience4j.ratelimiter.RateLimiterConfig resilience4jConfig;

    /** Each thread walks the keys from its own position. */
    @State(Scope.Thread)
    public static class Cursor {
        int next;

        @Setup
        public void setUp() {
            next = (int) (Thread.currentThread().getId() * 7919);
        }
    }

    @Setup
    public void setUp() {
        hotKeys = new String[HOT_KEYS];
        for (int i = 0; i < HOT_KEYS; i++) {
            hotKeys[i] = "user-" + i;
        }
        churnKeys = new String[CHURN_KEYS];
        for (int i = 0; i < CHURN_KEYS; i++) {
            churnKeys[i] = "client-" + i;
        }
        RateLimiterConfig config = RateLimiterConfig.builder()
                .limitForPeriod(Integer.MAX_VALUE)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .build();
        held = KeyedRateLimiter.of("held", RateLimiterConfig.from(config).maxKeys(10_000).build());
        churning = KeyedRateLimiter.of("churning", RateLimiterConfig.from(config).maxKeys(1_000).build());
        resilience4jConfig = io.github.resilience4j.ratelimiter.RateLimiterConfig.custom()
                .limitForPeriod(Integer.MAX_VALUE)
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build();
    }

    @Benchmark
    public boolean hit(Cursor cursor) {
        return held.tryAcquirePermission(hotKeys[cursor.next++ & (HOT_KEYS - 1)]);
    }

    @Benchmark
    @Threads(2)
    public boolean hit2Threads(Cursor cursor) {
        return held.tryAcquirePermission(hotKeys[cursor.next++ & (HOT_KEYS - 1)]);
    }

    @Benchmark
    public boolean resilience4jPerKey(Cursor cursor) {
        return perKey(hotKeys[cursor.next++ & (HOT_KEYS - 1)]).acquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean resilience4jPerKey2Threads(Cursor cursor) {
        return perKey(hotKeys[cursor.next++ & (HOT_KEYS - 1)]).acquirePermission();
    }

    @Benchmark
    public boolean churn(Cursor cursor) {
        return churning.tryAcquirePermission(churnKeys[cursor.next++ & (CHURN_KEYS - 1)]);
    }

    @Benchmark
    @Threads(2)
    public boolean churn2Threads(Cursor cursor) {
        return churning.tryAcquirePermission(churnKeys[cursor.next++ & (CHURN_KEYS - 1)]);
    }

    private io.github.resilience4j.ratelimiter.RateLimiter perKey(String key) {
        io.github.resilience4j.ratelimiter.RateLimiter limiter = resilience4jPerKey.get(key);
        return limiter != null ? limiter : resilience4jPerKey.computeIfAbsent(key,
                k -> io.github.resilience4j.ratelimiter.RateLimiter.of("per-key", resilience4jConfig));
    }
}
