package dev.resilience.core.event;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.circuitbreaker.CircuitBreakerRegistry;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A consumer that declines routine events gets only the events worth reading, from one adapter per registry. */
class RoutineEventsTest {

    private final List<String> events = new CopyOnWriteArrayList<>();

    private final EventConsumer worthReading = new EventConsumer() {
        @Override
        public void onEvent(ResilienceEvent event) {
            events.add(event.pattern() + " " + event.name() + " " + event.type());
        }

        @Override
        public boolean routineEvents() {
            return false;
        }
    };

    @Test
    void oneAdapterFollowsEveryBreakerOfARegistryAndSkipsSuccesses() {
        CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();
        registry.addListener(CircuitBreakerListener.events(worthReading));

        registry.get("a").executeSupplier(() -> "ok");
        assertThatThrownBy(() -> registry.get("b").executeSupplier(() -> {
            throw new IllegalStateException("down");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(events).containsExactly("circuit-breaker b ERROR");
    }

    @Test
    void everyPatternSkipsItsRoutineOutcomes() {
        AtomicInteger attempts = new AtomicInteger();
        Retry retry = Retry.of("retry", RetryConfig.builder().waitDuration(Duration.ZERO).build());
        retry.addListener(RetryListener.events(worthReading));
        retry.executeSupplier(() -> "first attempt");
        retry.executeSupplier(() -> {
            if (attempts.incrementAndGet() < 2) {
                throw new IllegalStateException("once");
            }
            return "second attempt";
        });

        Bulkhead bulkhead = Bulkhead.of("bulkhead", BulkheadConfig.ofDefaults());
        bulkhead.addListener(BulkheadListener.events(worthReading));
        bulkhead.executeSupplier(() -> "permitted and finished");

        RateLimiter limiter = RateLimiter.of("limiter", RateLimiterConfig.builder().limitForPeriod(1).build());
        limiter.addListener(RateLimiterListener.events(worthReading));
        limiter.executeSupplier(() -> "permitted");
        assertThatThrownBy(() -> limiter.executeSupplier(() -> "rejected")).isNotNull();

        Timeout timeout = Timeout.ofDefaults("timeout");
        timeout.addListener(TimeoutListener.events(worthReading));
        timeout.executeSupplier(() -> "in time");

        assertThat(events).containsExactly("retry retry RETRY", "retry retry SUCCESS", "rate-limiter limiter REJECTED");
    }

    @Test
    void routineEventsAreDeliveredByDefault() {
        CircuitBreaker breaker = CircuitBreaker.ofDefaults("a");
        breaker.onEvent(event -> events.add(event.type()));
        breaker.executeSupplier(() -> "ok");
        assertThat(events).containsExactly("SUCCESS");
    }
}
