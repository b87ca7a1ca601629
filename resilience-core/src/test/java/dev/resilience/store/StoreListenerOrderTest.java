package dev.resilience.store;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.testing.InMemoryStoreServer;
import dev.resilience.store.testing.StoreEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Store listeners hear "degraded" and "recovered" strictly in turn, in the order the store changed, even when
 * the store recovers while the caller that found the outage is still reporting it. Found by the fault-proxy
 * runs ({@code StoreFaultScenarios} against PostgreSQL): the outage used to be announced only after its log line,
 * so a probe that succeeded meanwhile was announced first, and a listener that tracks the state (a health
 * indicator) ended on "degraded" while the store was shared again.
 */
class StoreListenerOrderTest {

    private final InMemoryStoreServer server = new InMemoryStoreServer();
    /** Held strongly: java.util.logging keeps loggers only weakly. */
    private final Logger storeLog = Logger.getLogger(SharedStore.class.getName());
    private Handler slowLog;
    private SharedStore store;

    @AfterEach
    void close() {
        if (slowLog != null) {
            storeLog.removeHandler(slowLog);
        }
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aRecoveryFoundWhileTheOutageIsBeingReportedIsAnnouncedAfterIt() {
        store = SharedStore.start(server.connect(), SharedStoreOptions.builder().timeout(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10)).build());
        StoreEvents events = new StoreEvents();
        store.addListener(events);
        RateLimiter limiter = RateLimiter.of("order", RateLimiterConfig.builder().limitForPeriod(100)
                .store(store.rateLimiters()).build());
        // The caller that finds the outage logs it; while it does, the server comes back and the store's
        // thread probes it successfully: the window the log line used to open, held open on purpose.
        slowLog = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel() == Level.WARNING && String.valueOf(record.getMessage()).contains("unreachable")) {
                    server.mode(InMemoryStoreServer.Mode.UP);
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (store.info().isDegraded() && System.nanoTime() < deadline) {
                        Thread.onSpinWait();
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        storeLog.addHandler(slowLog);
        server.mode(InMemoryStoreServer.Mode.DOWN);

        assertThat(limiter.tryAcquirePermission()).as("answered locally").isTrue();

        await().atMost(Duration.ofSeconds(5)).until(() -> events.heard().size() >= 2);
        assertThat(store.info().isDegraded()).isFalse();
        assertThat(events.heard()).containsExactly("degraded", "recovered");
    }

    /**
     * The store answers a probe, then fails again while the breakers resynchronise, before the recovery was
     * announced: that is the same outage going on. Listeners hear it once, and the limiters' local shares are
     * not handed out a second time (each new outage starts a fresh local share, so it used to be).
     */
    @Test
    void aFailureWhileResynchronisingContinuesTheOutage() {
        FaultyBackend backend = new FaultyBackend(server.connect());
        store = SharedStore.start(backend, SharedStoreOptions.builder().timeout(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10)).build());
        StoreEvents events = new StoreEvents();
        store.addListener(events);
        dev.resilience.circuitbreaker.CircuitBreaker.of("resynchronised",
                dev.resilience.circuitbreaker.CircuitBreakerConfig.builder().storeFactory(store.circuitBreakers())
                        .build());
        RateLimiter limiter = RateLimiter.of("share", RateLimiterConfig.builder().limitForPeriod(10)
                .limitRefreshPeriod(Duration.ofDays(1)).store(store.rateLimiters()).build());
        server.mode(InMemoryStoreServer.Mode.DOWN);
        int localGrants = 0;
        for (int i = 0; i < 20; i++) {
            localGrants += limiter.tryAcquirePermission() ? 1 : 0;
        }
        assertThat(localGrants).as("this instance's local share (a fleet of one)").isEqualTo(10);

        // Heartbeats answer again, reads of breakers still fail: every probe succeeds, every resync fails.
        backend.failReads = true;
        server.mode(InMemoryStoreServer.Mode.UP);
        await().atMost(Duration.ofSeconds(5)).until(() -> backend.readsFailed >= 3 && store.info().isDegraded());
        int moreLocalGrants = 0;
        for (int i = 0; i < 20; i++) {
            moreLocalGrants += limiter.tryAcquirePermission() ? 1 : 0;
        }
        assertThat(moreLocalGrants).as("the same outage: its local share is used up").isZero();
        assertThat(events.heard()).containsExactly("degraded");

        backend.failReads = false;
        await().atMost(Duration.ofSeconds(5)).until(() -> "recovered".equals(events.last()));
        assertThat(events.heard()).containsExactly("degraded", "recovered");
    }
}
