package dev.resilience.spring.boot.actuate;

import java.time.Duration;
import java.util.List;

import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.spring.boot.autoconfigure.store.ResilienceStoreProvider;
import dev.resilience.spring.boot.autoconfigure.store.SharedStoreProvider;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.store.SharedStore;
import dev.resilience.store.SharedStoreOptions;
import dev.resilience.store.testing.InMemoryStoreServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A shared store's outage and recovery are events of pattern {@code store}, once each, not one per call. */
class StoreEventsTests {

    @Test
    void anOutageAndTheRecoveryAreRecordedOnceEach() {
        InMemoryStoreServer server = new InMemoryStoreServer();
        SharedStore shared = SharedStore.start(server.connect(), SharedStoreOptions.builder()
                .pollInterval(Duration.ofMillis(50)).instanceId("instance-1").build());
        try (SharedStoreProvider provider = ResilienceStoreProvider.of("test", shared);
                ResilienceEventBuffer buffer = new ResilienceEventBuffer(10)) {
            buffer.follow(provider.sharedStore(), provider.store());
            RateLimiter limiter = RateLimiter.of("api", RateLimiterConfig.builder().store(provider.rateLimiterStores())
                    .build());

            server.mode(InMemoryStoreServer.Mode.DOWN);
            for (int i = 0; i < 5; i++) {
                limiter.tryAcquirePermission();
            }
            await().until(() -> buffer.events("test").size() == 1);
            server.mode(InMemoryStoreServer.Mode.UP);
            await().until(() -> buffer.events("test").size() == 2);

            List<ResilienceEvent> events = buffer.events("test");
            assertThat(events).extracting(ResilienceEvent::pattern).containsOnly("store");
            assertThat(events).extracting(ResilienceEvent::type).containsExactly("STORE_DEGRADED", "STORE_RECOVERED");
            assertThat(events.get(0).details()).containsEntry("instance", "instance-1").containsKey("cause");
            assertThat(events.get(1).details()).containsKey("outage");
            assertThat(buffer.isKnown("test")).isTrue();
        }
    }
}
