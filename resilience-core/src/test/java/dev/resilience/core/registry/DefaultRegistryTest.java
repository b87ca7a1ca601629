package dev.resilience.core.registry;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterRegistry;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** The one registry implementation, with a pattern of its own (as a new pattern would use it) and real ones. */
class DefaultRegistryTest {

    /** A minimal pattern instance: tells its listeners whatever {@link #fire} is given. */
    static final class Counter implements PatternInstance<Integer, Consumer<String>>, AutoCloseable {
        final String name;
        volatile Integer config;
        final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
        int reconfigurations;
        boolean closed;

        Counter(String name, Integer config) {
            this.name = name;
            this.config = config;
        }

        void fire(String what) {
            listeners.forEach(listener -> listener.accept(what));
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Integer config() {
            return config;
        }

        @Override
        public void addListener(Consumer<String> listener) {
            listeners.add(listener);
        }

        @Override
        public boolean removeListener(Consumer<String> listener) {
            return listeners.remove(listener);
        }

        @Override
        public Consumer<String> onEvent(EventConsumer consumer) {
            Consumer<String> adapter = what -> consumer.onEvent(
                    new ResilienceEvent("counter", name, what, java.time.Instant.EPOCH, java.util.Map.of()));
            listeners.add(adapter);
            return adapter;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static DefaultRegistry<Counter, Integer, Consumer<String>> registry() {
        return new DefaultRegistry<>("counter", 1, Counter::new, (counter, config) -> {
            counter.config = config;
            counter.reconfigurations++;
        });
    }

    @Test
    void createsOncePerNameWithTheConfigurationItIsGiven() {
        DefaultRegistry<Counter, Integer, Consumer<String>> registry = registry();
        registry.addConfig("big", 100);
        registry.configureInstance("own", 7);

        Counter plain = registry.get("plain");

        assertThat(registry.get("plain")).isSameAs(plain);
        assertThat(plain.config()).isEqualTo(1);
        assertThat(registry.get("shared", "big").config()).isEqualTo(100);
        assertThat(registry.get("given", 3).config()).isEqualTo(3);
        assertThat(registry.get("own").config()).isEqualTo(7);
        assertThat(registry.all()).extracting(Counter::name).containsExactly("given", "own", "plain", "shared");
        assertThat(registry.instanceConfig("own")).contains(7);
        assertThat(registry).hasToString("counter-registry" + registry.all());
    }

    @Test
    void configureInstanceReconfiguresAnExistingInstanceThroughTheHook() {
        DefaultRegistry<Counter, Integer, Consumer<String>> registry = registry();
        Counter counter = registry.get("c");

        registry.configureInstance("c", 5);

        assertThat(registry.get("c")).isSameAs(counter);
        assertThat(counter.config()).isEqualTo(5);
        assertThat(counter.reconfigurations).isEqualTo(1);
    }

    @Test
    void listenersReachPresentAndFutureInstancesAndLeaveWithThem() {
        DefaultRegistry<Counter, Integer, Consumer<String>> registry = registry();
        Counter before = registry.get("before");
        List<String> heard = new ArrayList<>();
        Consumer<String> listener = heard::add;

        registry.addListener(listener);
        Counter after = registry.get("after");
        before.fire("b");
        after.fire("a");
        registry.removeListener(listener);
        before.fire("not heard");

        assertThat(heard).containsExactly("b", "a");
        assertThat(before.listeners).isEmpty();
    }

    @Test
    void onEventFollowsEveryInstanceUntilTheConsumerIsRemoved() {
        DefaultRegistry<Counter, Integer, Consumer<String>> registry = registry();
        Counter before = registry.get("before");
        List<String> events = new ArrayList<>();
        EventConsumer consumer = event -> events.add(event.name() + ":" + event.type());

        registry.onEvent(consumer);
        registry.onEvent(consumer); // no second delivery
        Counter after = registry.get("after");
        before.fire("ONE");
        after.fire("TWO");

        assertThat(events).containsExactly("before:ONE", "after:TWO");
        assertThat(registry.removeEventConsumer(consumer)).isTrue();
        assertThat(registry.removeEventConsumer(consumer)).isFalse();
        before.fire("THREE");
        after.fire("FOUR");
        assertThat(events).hasSize(2);
        assertThat(before.listeners).isEmpty();
        assertThat(after.listeners).isEmpty();
    }

    @Test
    void removingOrReplacingClosesWhatTheRegistryDiscardsAndTellsRegistryListeners() {
        DefaultRegistry<Counter, Integer, Consumer<String>> registry = registry();
        List<String> seen = new ArrayList<>();
        registry.addRegistryListener(new RegistryListener<Counter>() {
            @Override
            public void onAdded(Counter instance) {
                seen.add("added " + instance.name());
            }

            @Override
            public void onRemoved(Counter instance) {
                seen.add("removed " + instance.name());
            }

            @Override
            public void onReplaced(Counter previous, Counter replacement) {
                seen.add("replaced " + previous.name());
            }
        });
        registry.addRegistryListener(new RegistryListener<>() {
            @Override
            public void onAdded(Counter instance) {
                throw new IllegalStateException("a broken registry listener");
            }
        });
        Counter first = registry.get("a");
        Counter replacement = new Counter("a", 2);
        registry.replace("a", replacement);
        registry.get("b");

        registry.remove("a");
        registry.close();

        assertThat(first.closed).isTrue();
        assertThat(replacement.closed).isTrue();
        assertThat(registry.all()).isEmpty();
        assertThat(seen).containsExactly("added a", "replaced a", "added b", "removed a", "removed b");
    }

    @Test
    void realPatternsGetTheRegistryWideEventConsumerToo() throws Exception {
        RetryRegistry retries = RetryRegistry.of(RetryConfig.builder().maxAttempts(2)
                .waitDuration(java.time.Duration.ZERO).build());
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        retries.onEvent(events::add);
        Retry retry = retries.get("backend");
        int[] calls = {0};

        retry.executeCallable(() -> {
            if (calls[0]++ == 0) {
                throw new java.io.IOException("first attempt");
            }
            return "ok";
        });

        assertThat(events).extracting(ResilienceEvent::pattern).containsOnly("retry");
        assertThat(events).extracting(ResilienceEvent::name).containsOnly("backend");
        assertThat(events).isNotEmpty();
    }

    @Test
    void theRateLimiterRegistryForwardsEventConsumersToItsKeyedLimiters() {
        RateLimiterRegistry limiters = RateLimiterRegistry.of(RateLimiterConfig.builder().limitForPeriod(1).build());
        List<ResilienceEvent> events = new CopyOnWriteArrayList<>();
        limiters.onEvent(events::add);

        limiters.get("plain").tryAcquirePermission();
        limiters.keyed("keyed").tryAcquirePermission("user-1");

        assertThat(events).extracting(ResilienceEvent::name).contains("plain", "keyed");
        assertThat(limiters.removeEventConsumer(events::add)).isFalse();
    }
}
