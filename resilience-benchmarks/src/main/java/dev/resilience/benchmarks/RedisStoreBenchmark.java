package dev.resilience.benchmarks;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.redis.RedisStoreBackend;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import redis.embedded.RedisServer;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The Redis store against the in-memory one, in the same run, on a real Redis on loopback (the embedded-redis
 * binary, started here on a free port; {@code -Dbench.redis.url=redis://host:port} uses another one):
 * <ul>
 *   <li>a circuit breaker's CLOSED happy path: no round trip (outcomes are counted locally and sent by the
 *       store's thread every flush interval), so it should cost at most about twice the in-memory breaker;
 *   <li>a rate limiter's acquisition: one Lua script per acquisition, so one round trip; with two threads the
 *       throughput is {@code 2 / (ns per op)} acquisitions per nanosecond.
 * </ul>
 * Each is measured with one thread and with two threads sharing one instance (ns per call, average).
 *
 * <p>Run: {@code java -jar resilience-benchmarks/target/benchmarks.jar RedisStoreBenchmark -prof gc}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RedisStoreBenchmark {

    private static final int NEVER_REACHED = 1_000_000_000;

    private final Supplier<String> call = () -> "result";

    private RedisServer server;
    private SharedStore store;
    private CircuitBreaker memoryBreaker;
    private CircuitBreaker redisBreaker;
    private RateLimiter memoryLimiter;
    private RateLimiter redisLimiter;

    @Setup
    public void setUp() throws IOException {
        String url = System.getProperty("bench.redis.url");
        if (url == null) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            server = RedisServer.newRedisServer().port(port).bind("127.0.0.1").setting("save \"\"")
                    .setting("appendonly no").build();
            server.start();
            url = "redis://127.0.0.1:" + port;
        }
        // A generous timeout: the benchmark measures the store, not an outage on a loaded machine.
        store = SharedStore.start(RedisStoreBackend.builder().url(url).keyPrefix("bench:" + System.nanoTime() + ":")
                .build(), SharedStoreOptions.builder().timeout(Duration.ofSeconds(1)).build());
        CircuitBreakerConfig breaker = CircuitBreakerConfig.ofDefaults();
        memoryBreaker = CircuitBreaker.of("memory", breaker);
        redisBreaker = CircuitBreaker.of("redis", CircuitBreakerConfig.from(breaker)
                .storeFactory(store.circuitBreakers()).build());
        RateLimiterConfig limit = RateLimiterConfig.builder().limitForPeriod(NEVER_REACHED)
                .limitRefreshPeriod(Duration.ofSeconds(1)).build();
        memoryLimiter = RateLimiter.of("memory", limit);
        redisLimiter = RateLimiter.of("redis", RateLimiterConfig.from(limit).store(store.rateLimiters()).build());
    }

    @TearDown
    public void tearDown() throws IOException {
        if (redisBreaker.storeInfo().isDegraded()) {
            System.err.println("The Redis store was degraded during the run: figures are not the store's");
        }
        store.close();
        if (server != null) {
            server.stop();
        }
    }

    @Benchmark
    public String breakerInMemory() {
        return memoryBreaker.executeSupplier(call);
    }

    @Benchmark
    public String breakerRedis() {
        return redisBreaker.executeSupplier(call);
    }

    @Benchmark
    @Threads(2)
    public String breakerInMemory2Threads() {
        return memoryBreaker.executeSupplier(call);
    }

    @Benchmark
    @Threads(2)
    public String breakerRedis2Threads() {
        return redisBreaker.executeSupplier(call);
    }

    @Benchmark
    public boolean limiterInMemory() {
        return memoryLimiter.tryAcquirePermission();
    }

    @Benchmark
    public boolean limiterRedis() {
        return redisLimiter.tryAcquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean limiterInMemory2Threads() {
        return memoryLimiter.tryAcquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean limiterRedis2Threads() {
        return redisLimiter.tryAcquirePermission();
    }
}
