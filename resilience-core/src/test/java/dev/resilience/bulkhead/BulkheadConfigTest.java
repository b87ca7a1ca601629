package dev.resilience.bulkhead;

import dev.resilience.core.InvalidConfigurationException;
import dev.resilience.core.internal.SharedScheduler;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BulkheadConfigTest {

    @Test
    void defaults() {
        BulkheadConfig config = BulkheadConfig.ofDefaults();
        assertThat(config.maxConcurrentCalls()).isEqualTo(25);
        assertThat(config.maxWaitDuration()).isZero();
        assertThat(config.maxWaitNanos()).isZero();
        assertThat(config.fairCallHandling()).isTrue();
        assertThat(config.writableStackTraceEnabled()).isFalse();
        assertThat(config.scheduler()).isSameAs(SharedScheduler.get());
        assertThat(config.clock()).isEqualTo(Clock.systemUTC());
        assertThat(config).hasToString("BulkheadConfig[maxConcurrentCalls=25, maxWaitDuration=0ms, fairCallHandling=true]");
    }

    @Test
    void invalidValuesAreRejectedNamingTheKey() {
        assertThatThrownBy(() -> BulkheadConfig.builder().maxConcurrentCalls(0))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid 'max-concurrent-calls' (0): must be at least 1");
        assertThatThrownBy(() -> BulkheadConfig.builder().maxWaitDuration(Duration.ofMillis(-1)))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessage("Invalid 'max-wait-duration' (PT-0.001S): must not be negative");
    }

    @Test
    void fromCopiesEverySetting() {
        Clock clock = Clock.fixed(Instant.EPOCH, ZoneOffset.UTC);
        BulkheadConfig base = BulkheadConfig.builder().maxConcurrentCalls(3).maxWaitDuration(Duration.ofMillis(500))
                .fairCallHandling(false).writableStackTraceEnabled(true).clock(clock).build();
        BulkheadConfig.Builder builder = BulkheadConfig.from(base);
        BulkheadConfig copy = builder.build();
        assertThat(copy.maxConcurrentCalls()).isEqualTo(3);
        assertThat(copy.maxWaitDuration()).isEqualTo(Duration.ofMillis(500));
        assertThat(copy.fairCallHandling()).isFalse();
        assertThat(copy.writableStackTraceEnabled()).isTrue();
        assertThat(copy.clock()).isSameAs(clock);

        assertThat(builder.maxConcurrentCalls(7).build().maxConcurrentCalls()).isEqualTo(7);
        assertThat(copy.maxConcurrentCalls()).isEqualTo(3);
    }
}
