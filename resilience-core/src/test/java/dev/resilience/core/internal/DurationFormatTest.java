package dev.resilience.core.internal;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationFormatTest {

    @Test
    void formatsExactlyInTheLargestUnitThatDivides() {
        assertThat(DurationFormat.format(Duration.ZERO)).isEqualTo("0ms");
        assertThat(DurationFormat.formatNanos(0)).isEqualTo("0ms");
        assertThat(DurationFormat.format(Duration.ofSeconds(1))).isEqualTo("1s");
        assertThat(DurationFormat.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
        assertThat(DurationFormat.format(Duration.ofMinutes(2))).isEqualTo("2m");
        assertThat(DurationFormat.format(Duration.ofHours(3))).isEqualTo("3h");
        assertThat(DurationFormat.format(Duration.ofDays(1))).isEqualTo("1d");
        assertThat(DurationFormat.format(Duration.ofNanos(500))).isEqualTo("500ns");
        assertThat(DurationFormat.format(Duration.ofNanos(2_000))).isEqualTo("2us");
        assertThat(DurationFormat.format(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE + "s");
    }

    @Test
    void formatsWaitsRoundedUp() {
        assertThat(DurationFormat.formatWait(1)).isEqualTo("1ns");
        assertThat(DurationFormat.formatWait(999)).isEqualTo("999ns");
        assertThat(DurationFormat.formatWait(1_000)).isEqualTo("1us");
        assertThat(DurationFormat.formatWait(1_001)).isEqualTo("2us");
        assertThat(DurationFormat.formatWait(999_000)).isEqualTo("999us");
        assertThat(DurationFormat.formatWait(999_001)).isEqualTo("1ms");
        assertThat(DurationFormat.formatWait(1_000_000)).isEqualTo("1ms");
        assertThat(DurationFormat.formatWait(319_000_001)).isEqualTo("320ms");
        assertThat(DurationFormat.formatWait(61_000_000_000L)).isEqualTo("61000ms");
    }

    @Test
    void saturatesInsteadOfOverflowing() {
        assertThat(DurationFormat.saturatedNanos(Duration.ofSeconds(Long.MAX_VALUE))).isEqualTo(Long.MAX_VALUE);
        assertThat(DurationFormat.saturatedNanos(Duration.ofSeconds(Long.MIN_VALUE))).isEqualTo(Long.MIN_VALUE);
        assertThat(DurationFormat.saturatedNanos(Duration.ofMillis(3))).isEqualTo(3_000_000L);
        assertThat(DurationFormat.multiplySaturated(3, 4)).isEqualTo(12);
        assertThat(DurationFormat.multiplySaturated(Long.MAX_VALUE / 2, 3)).isEqualTo(Long.MAX_VALUE);
        assertThat(DurationFormat.multiplySaturated(1L << 32, 1L << 31)).isEqualTo(Long.MAX_VALUE);
    }
}
