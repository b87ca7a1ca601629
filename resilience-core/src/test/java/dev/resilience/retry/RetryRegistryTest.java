package dev.resilience.retry;

import dev.resilience.core.registry.RegistryListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetryRegistryTest {

    @Test
    void theSameNameIsTheSameInstanceWithTheDefaultConfig() {
        RetryRegistry registry = RetryRegistry.ofDefaults();

        Retry retry = registry.get("backend");

        assertThat(registry.get("backend")).isSameAs(retry);
        assertThat(retry.name()).isEqualTo("backend");
        assertThat(retry.config()).isSameAs(RetryConfig.ofDefaults());
        assertThat(registry.find("other")).isEmpty();
    }

    @Test
    void namedConfigsAndBaseConfigInheritance() {
        RetryConfig fast = RetryConfig.builder().maxAttempts(5).waitDuration(Duration.ofMillis(10)).build();
        RetryRegistry registry = RetryRegistry.of(RetryConfig.builder().maxAttempts(2).build());
        registry.addConfig("fast", fast);

        Retry retry = registry.get("payments", "fast");
        Retry derived = registry.get("search", RetryConfig.from(fast).maxAttempts(1).build());

        assertThat(retry.config()).isSameAs(fast);
        assertThat(derived.config().waitDuration()).isEqualTo(Duration.ofMillis(10));
        assertThat(registry.get("other").config().maxAttempts()).isEqualTo(2);
        assertThatThrownBy(() -> registry.get("x", "missing"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No configuration named 'missing'; known: [default, fast]");
    }

    @Test
    void configureInstanceReconfiguresInPlaceKeepingMetrics() {
        RetryRegistry registry = RetryRegistry.ofDefaults();
        Retry retry = registry.get("backend");
        retry.executeSupplier(() -> "ok");
        RetryConfig once = RetryConfig.builder().maxAttempts(1).build();

        registry.configureInstance("backend", once);

        assertThat(registry.get("backend")).isSameAs(retry);
        assertThat(retry.config()).isSameAs(once);
        assertThat(retry.metrics().successfulCallsWithoutRetry()).isEqualTo(1);
    }

    @Test
    void registryListenersReachExistingAndFutureInstances() {
        RetryRegistry registry = RetryRegistry.of(RetryConfig.builder().maxAttempts(1).build());
        Retry existing = registry.get("existing");
        RecordingListener listener = new RecordingListener();
        List<String> added = new ArrayList<>();
        registry.addRegistryListener(new RegistryListener<>() {
            @Override
            public void onAdded(Retry instance) {
                added.add(instance.name());
            }
        });

        registry.addListener(listener);
        Retry later = registry.get("later");
        existing.executeSupplier(() -> "a");
        later.executeSupplier(() -> "b");
        registry.removeListener(listener);
        existing.executeSupplier(() -> "c");

        assertThat(listener.events).containsExactly("success 1", "success 1");
        assertThat(added).containsExactly("later");
        assertThat(registry.all()).extracting(Retry::name).containsExactly("existing", "later");
    }
}
