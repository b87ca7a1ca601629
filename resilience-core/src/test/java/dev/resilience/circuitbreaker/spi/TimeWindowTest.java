package dev.resilience.circuitbreaker.spi;

import org.junit.jupiter.api.Test;

import static dev.resilience.circuitbreaker.spi.SlidingWindow.FAILURE;
import static dev.resilience.circuitbreaker.spi.SlidingWindow.NO_RATES;
import static dev.resilience.circuitbreaker.spi.SlidingWindow.SLOW;
import static dev.resilience.circuitbreaker.spi.SlidingWindow.SUCCESS;
import static org.assertj.core.api.Assertions.assertThat;

class TimeWindowTest {

    static final long SECOND = 1_000_000_000L;
    static final long T0 = -5 * SECOND; // ticker values may be negative

    @Test
    void eachSecondLeavesTheWindowInTurn() {
        TimeWindow window = new TimeWindow(3, 1);
        window.record(FAILURE, T0);
        window.record(SLOW, T0 + SECOND);
        window.record(SUCCESS, T0 + 2 * SECOND + SECOND / 2);

        assertThat(window.snapshot(T0 + 3 * SECOND - 1).calls()).isEqualTo(3);
        assertThat(window.snapshot(T0 + 3 * SECOND).calls()).isEqualTo(2);
        assertThat(window.snapshot(T0 + 3 * SECOND).failedCalls()).isZero();
        assertThat(window.snapshot(T0 + 4 * SECOND).calls()).isEqualTo(1);
        assertThat(window.snapshot(T0 + 4 * SECOND).slowCalls()).isZero();
        assertThat(window.snapshot(T0 + 5 * SECOND).calls()).isZero();
    }

    @Test
    void bucketsAreReusedCleanAfterAGap() {
        TimeWindow window = new TimeWindow(2, 1);
        window.record(FAILURE | SLOW, T0);
        window.record(FAILURE, T0 + SECOND);

        long rates = window.record(SUCCESS, T0 + 1000 * SECOND);

        assertThat(SlidingWindow.failureRate(rates)).isZero();
        assertThat(window.snapshot(T0 + 1000 * SECOND).slowFailedCalls()).isZero();
        assertThat(window.snapshot(T0 + 1001 * SECOND).calls()).isEqualTo(1);
        assertThat(window.snapshot(T0 + 1002 * SECOND).calls()).isZero();
    }

    @Test
    void reportsNoRatesBelowTheMinimum() {
        TimeWindow window = new TimeWindow(10, 2);
        assertThat(window.record(FAILURE, T0)).isEqualTo(NO_RATES);
        assertThat(SlidingWindow.failureRate(window.record(SUCCESS, T0))).isEqualTo(50f);
    }

    @Test
    void survivesTickerOverflow() {
        TimeWindow window = new TimeWindow(2, 1);
        window.record(FAILURE, Long.MAX_VALUE - SECOND / 2);
        window.record(FAILURE, Long.MIN_VALUE + SECOND / 4); // 0.75 s later, across the overflow

        assertThat(window.snapshot(Long.MIN_VALUE + SECOND / 4).calls()).isEqualTo(2);
        assertThat(window.snapshot(Long.MIN_VALUE + 3 * SECOND).calls()).isZero();
    }
}
