package dev.resilience.hardening;

import dev.resilience.testing.ManualScheduler;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the virtual-thread stress run ({@link VirtualThreadStressTest}): an asynchronous timeout schedules its
 * timer before it registers its callback on the call's stage. A caller descheduled between the two for longer
 * than the budget (64 virtual threads on a loaded 2-core machine: seen with the call done after 3 ms and the
 * caller resuming at 25 ms) let the timer fire first, so the caller got {@code TimeoutExceededException} for a
 * call that completed well in time, and the call's own outcome was dropped. The callback is now registered
 * before the timer is scheduled.
 *
 * <p>The scheduler replays that interleaving deterministically: inside {@code schedule} the call completes and
 * then the whole budget elapses.
 */
class AsyncTimeoutRaceTest {

    @Test
    void aCallThatCompletedBeforeTheTimerFiredKeepsItsOutcome() {
        CompletableFuture<String> call = new CompletableFuture<>();
        ManualScheduler descheduledCaller = new ManualScheduler().firingOnSchedule(() -> call.complete("in time"));
        Timeout timeout = Timeout.of("race", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(25))
                .scheduler(descheduledCaller).build());

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> call).toCompletableFuture();

        assertThat(result).isCompletedWithValue("in time");
    }
}
