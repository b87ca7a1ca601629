package dev.resilience.timeout;

import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadlineTest {

    private final ManualTicker ticker = new ManualTicker();

    @Test
    void remainingShrinksWithTimeAndNeverGoesNegative() {
        Deadline deadline = Deadline.after(Duration.ofMillis(100), ticker);
        assertThat(deadline.remaining()).isEqualTo(Duration.ofMillis(100));
        assertThat(deadline.isExpired()).isFalse();

        ticker.advance(Duration.ofMillis(60));
        assertThat(deadline.remainingNanos()).isEqualTo(40_000_000L);
        assertThat(deadline).hasToString("Deadline[40ms left]");

        ticker.advance(Duration.ofMillis(40));
        assertThat(deadline.isExpired()).isTrue();
        assertThat(deadline.remaining()).isZero();

        ticker.advance(Duration.ofSeconds(5));
        assertThat(deadline.remainingNanos()).isZero();
    }

    @Test
    void zeroDurationIsAlreadyExpired() {
        assertThat(Deadline.after(Duration.ZERO, ticker).isExpired()).isTrue();
    }

    @Test
    void hugeDurationDoesNotOverflow() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(Long.MAX_VALUE), ticker);
        ticker.advance(Duration.ofDays(365));
        assertThat(deadline.isExpired()).isFalse();
        assertThat(deadline.remainingNanos()).isEqualTo(Long.MAX_VALUE - Duration.ofDays(365).toNanos());
    }

    @Test
    void negativeDurationIsRejected() {
        assertThatThrownBy(() -> Deadline.after(Duration.ofSeconds(-1), ticker))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Invalid deadline duration (PT-1S): must not be negative");
    }

    @Test
    void runMakesTheDeadlineCurrentAndRestoresThePreviousOne() throws Throwable {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), ticker);
        assertThat(Deadline.current()).isEmpty();
        Deadline seen = Deadline.run(deadline, () -> Deadline.current().orElseThrow());
        assertThat(seen).isSameAs(deadline);
        assertThat(Deadline.current()).isEmpty();
    }

    @Test
    void runRestoresThePreviousDeadlineWhenTheCallThrows() {
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), ticker);
        IllegalStateException failure = new IllegalStateException("boom");
        assertThatThrownBy(() -> Deadline.run(deadline, () -> {
            throw failure;
        })).isSameAs(failure);
        assertThat(Deadline.current()).isEmpty();
    }

    @Test
    void aNestedDeadlineCanShortenButNeverExtendTheOuterOne() throws Throwable {
        Deadline outer = Deadline.after(Duration.ofSeconds(1), ticker);
        Deadline shorter = Deadline.after(Duration.ofMillis(300), ticker);
        Deadline longer = Deadline.after(Duration.ofSeconds(5), ticker);

        Deadline[] seen = new Deadline[3];
        Deadline.run(outer, () -> {
            seen[0] = Deadline.run(longer, () -> Deadline.current().orElseThrow());
            seen[1] = Deadline.run(shorter, () -> Deadline.current().orElseThrow());
            seen[2] = Deadline.current().orElseThrow();
            return null;
        });
        assertThat(seen[0]).isSameAs(outer);
        assertThat(seen[1]).isSameAs(shorter);
        assertThat(seen[2]).isSameAs(outer);
    }
}
