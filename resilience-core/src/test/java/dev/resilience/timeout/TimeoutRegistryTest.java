package dev.resilience.timeout;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TimeoutRegistryTest {

    @Test
    void createsOnFirstUseSharesByNameAndReconfiguresInPlace() {
        TimeoutRegistry registry = TimeoutRegistry.of(TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(3))
                .build());
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        registry.addListener(listener);

        Timeout backend = registry.get("backend");
        assertThat(registry.get("backend")).isSameAs(backend);
        assertThat(backend.config().timeoutDuration()).isEqualTo(Duration.ofSeconds(3));

        registry.configureInstance("backend", TimeoutConfig.builder().timeoutDuration(Duration.ZERO).build());
        assertThat(registry.get("backend")).isSameAs(backend);
        assertThatThrownBy(() -> backend.executeSupplier(() -> "never")).isInstanceOf(TimeoutExceededException.class);
        assertThat(listener.calls).containsExactly("timeout 0");

        assertThat(TimeoutRegistry.ofDefaults().get("other").config()).isSameAs(TimeoutConfig.ofDefaults());
    }
}
