package dev.resilience.circuitbreaker;

import dev.resilience.core.registry.RegistryListener;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CircuitBreakerRegistryTest {

    final CircuitBreakerRegistry registry = CircuitBreakerRegistry.ofDefaults();

    @Test
    void theSameNameIsTheSameBreaker() {
        CircuitBreaker first = registry.get("backend");

        assertThat(registry.get("backend")).isSameAs(first);
        assertThat(registry.get("other")).isNotSameAs(first);
        assertThat(first.config()).isSameAs(CircuitBreakerConfig.ofDefaults());
    }

    @Test
    void namedConfigsAndInheritance() {
        CircuitBreakerConfig shared = CircuitBreakerConfig.builder().failureRateThreshold(20).build();
        registry.addConfig("shared", shared);
        // base-config: shared, with one value overridden
        CircuitBreakerConfig derived = CircuitBreakerConfig.from(registry.config("shared").orElseThrow())
                .slidingWindowSize(10).build();

        assertThat(registry.get("a", "shared").config()).isSameAs(shared);
        assertThat(registry.get("b", derived).config().failureRateThreshold()).isEqualTo(20f);
        assertThat(registry.get("b").config().slidingWindowSize()).isEqualTo(10);
        assertThatThrownBy(() -> registry.get("c", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No configuration named 'missing'; known: [default, shared]");
    }

    @Test
    void replacingTheDefaultAppliesToBreakersCreatedAfterwards() {
        CircuitBreaker before = registry.get("before");
        CircuitBreakerConfig strict = CircuitBreakerConfig.builder().failureRateThreshold(5).build();

        registry.addConfig("default", strict);

        assertThat(registry.get("after").config()).isSameAs(strict);
        assertThat(before.config()).isSameAs(CircuitBreakerConfig.ofDefaults());
    }

    @Test
    void configureInstanceReconfiguresInPlace() {
        CircuitBreaker breaker = registry.get("backend");
        breaker.transitionToOpenState();
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().failureRateThreshold(10).build();

        registry.configureInstance("backend", config);
        registry.configureInstance("later", config);

        assertThat(registry.get("backend")).isSameAs(breaker);
        assertThat(breaker.config()).isSameAs(config);
        assertThat(breaker.state()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(registry.get("later").config()).isSameAs(config);
    }

    @Test
    void registryListenersAttachToPresentAndFutureBreakers() {
        RecordingListener listener = new RecordingListener();
        CircuitBreaker present = registry.get("present");

        registry.addListener(listener);
        CircuitBreaker future = registry.get("future");
        present.transitionToForcedOpenState();
        future.transitionToDisabledState();
        registry.removeListener(listener);
        present.reset();

        assertThat(listener.events()).containsExactly("CLOSED->FORCED_OPEN", "CLOSED->DISABLED");
    }

    @Test
    void listsFindsAndRemoves() {
        List<String> added = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        registry.addRegistryListener(new RegistryListener<CircuitBreaker>() {
            @Override
            public void onAdded(CircuitBreaker instance) {
                added.add(instance.name());
            }

            @Override
            public void onRemoved(CircuitBreaker instance) {
                removed.add(instance.name());
            }
        });
        registry.get("zeta");
        registry.get("alpha");
        registry.get("alpha");

        assertThat(registry.all()).extracting(CircuitBreaker::name).containsExactly("alpha", "zeta");
        assertThat(registry.find("zeta")).isPresent();
        assertThat(registry.find("nope")).isEmpty();
        assertThat(registry.remove("zeta")).isPresent();
        assertThat(registry.find("zeta")).isEmpty();
        assertThat(added).containsExactly("zeta", "alpha");
        assertThat(removed).containsExactly("zeta");
    }

    @Test
    void ofUsesTheGivenDefault() {
        CircuitBreakerConfig config = CircuitBreakerConfig.builder().slidingWindowSize(7).build();
        assertThat(CircuitBreakerRegistry.of(config).get("x").config()).isSameAs(config);
    }
}
