package dev.resilience.store;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.store.testing.InMemoryStoreServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
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
        ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();
        store.addListener(new StoreListener() {
            @Override
            public void onDegraded(StoreInfo info, Throwable cause) {
                heard.add("degraded");
            }

            @Override
            public void onRecovered(StoreInfo info, long outageMillis) {
                heard.add("recovered");
            }
        });
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

        await().atMost(Duration.ofSeconds(5)).until(() -> heard.size() >= 2);
        assertThat(store.info().isDegraded()).isFalse();
        assertThat(heard).containsExactly("degraded", "recovered");
    }
}
