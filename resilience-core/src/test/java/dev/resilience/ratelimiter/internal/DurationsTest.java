package dev.resilience.ratelimiter.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationsTest {

    @Test
    void formatsExactlyInTheLargestUnitThatDivides() {
        assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
        assertThat(Durations.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(Durations.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(Durations.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(Durations.format(Duration.ofNanos(500))).isEqualTo("500ns");
        assertThat(Durations.format(Duration.ofNanos(2_000))).isEqualTo("2us");
        assertThat(Durations.format(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE + "s");
    }

    @Test
    void formatsWaitsRoundedUp() {
        assertThat(Durations.formatWait(1)).isEqualTo("1ns");
        assertThat(Durations.formatWait(999)).isEqualTo("999ns");
        assertThat(Durations.formatWait(1_000)).isEqualTo("1us");
        assertThat(Durations.formatWait(1_001)).isEqualTo("2us");
        assertThat(Durations.formatWait(999_000)).isEqualTo("999us");
        assertThat(Durations.formatWait(999_001)).isEqualTo("1ms");
        assertThat(Durations.formatWait(1_000_000)).isEqualTo("1ms");
        assertThat(Durations.formatWait(319_000_001)).isEqualTo("320ms");
        assertThat(Durations.formatWait(61_000_000_000L)).isEqualTo("61000ms");
    }

    @Test
    void saturatesInsteadOfOverflowing() {
        assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(Durations.toNanosSaturated(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(Durations.toNanosSaturated(Duration.ofMillis(3))).isEqualTo(3_000_000L);
    }
}
