package dev.resilience.store;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.store.testing.InMemoryStoreServer;
import dev.resilience.store.testing.StoreEvents;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A breaker's own write that the store applied but whose answer was lost (a late answer past the timeout, a
 * cut connection): once the store answers again, the breaker finds its own record, in the state it is in. That is
 * no transition, and listeners must not hear one. Found by the fault-proxy runs (Redis): listeners heard
 * {@code CLOSED -> CLOSED} after an outage although nothing had moved.
 */
class SharedBreakerLostAcknowledgementTest {

    private final InMemoryStoreServer server = new InMemoryStoreServer();
    private SharedStore store;

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void findingItsOwnRecordAfterAnOutageIsNoTransition() {
        FaultyBackend backend = new FaultyBackend(server.connect());
        store = SharedStore.start(backend, SharedStoreOptions.builder().timeout(Duration.ofMillis(100))
                .flushInterval(Duration.ofMillis(10)).pollInterval(Duration.ofMillis(20)).instanceId("me").build());
        StoreEvents events = new StoreEvents();
        store.addListener(events);
        ConcurrentLinkedQueue<String> transitions = new ConcurrentLinkedQueue<>();
        // A new breaker: the store has no record of it, and this instance writes its CLOSED state after two
        // polls that find none. The first such write is applied but never answered.
        backend.loseNextWriteAnswer = true;
        CircuitBreaker breaker = CircuitBreaker.of("mine", CircuitBreakerConfig.builder()
                .storeFactory(store.circuitBreakers()).build());
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker cb, CircuitBreaker.State from, CircuitBreaker.State to,
                    String instanceId) {
                transitions.add(from + "->" + to);
            }
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> backend.writesUnanswered > 0
                && "recovered".equals(events.last()) && !store.info().isDegraded());
        breaker.executeSupplier(() -> "ok");
        // A few more polls against the record, now known.
        long polls = server.operations();
        await().atMost(Duration.ofSeconds(5)).until(() -> server.operations() > polls + 10);

        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(transitions).as("transitions heard").isEmpty();
        assertThat(events.heard()).containsExactly("degraded", "recovered");
    }
}
