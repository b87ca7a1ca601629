package dev.resilience.hardening;

import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Delayed;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Found by the virtual-thread stress run ({@link VirtualThreadStressTest}): an asynchronous timeout schedules its
 * timer before it registers its callback on the call's stage. A caller descheduled between the two for longer
 * than the budget (64 virtual threads on a loaded 2-core machine: seen with the call done after 3 ms and the
 * caller resuming at 25 ms) let the timer fire first, so the caller got {@code TimeoutExceededException} for a
 * call that completed well in time, and the call's own outcome was dropped. The callback is now registered
 * before the timer is scheduled.
 *
 * <p>The scheduler below replays that interleaving deterministically: inside {@code schedule} the call completes
 * and then the whole budget elapses.
 */
class AsyncTimeoutRaceTest {

    @Test
    void aCallThatCompletedBeforeTheTimerFiredKeepsItsOutcome() {
        CompletableFuture<String> call = new CompletableFuture<>();
        ScheduledExecutorService descheduledCaller = new ImmediateScheduler(() -> call.complete("in time"));
        Timeout timeout = Timeout.of("race", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(25))
                .scheduler(descheduledCaller).build());

        CompletableFuture<String> result = timeout.executeCompletionStage(() -> call).toCompletableFuture();

        assertThat(result).isCompletedWithValue("in time");
    }

    /** {@code schedule} first runs {@code meanwhile} (the call completes), then the task (the budget is over). */
    private static final class ImmediateScheduler extends AbstractExecutorService implements ScheduledExecutorService {
        private final Runnable meanwhile;

        ImmediateScheduler(Runnable meanwhile) {
            this.meanwhile = meanwhile;
        }

        @Override
        public ScheduledFuture<?> schedule(Runnable command, long delay, TimeUnit unit) {
            meanwhile.run();
            command.run();
            return new Done();
        }

        @Override
        public <V> ScheduledFuture<V> schedule(Callable<V> callable, long delay, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ScheduledFuture<?> scheduleWithFixedDelay(Runnable command, long initialDelay, long delay,
                TimeUnit unit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void execute(Runnable command) {
            command.run();
        }

        @Override
        public void shutdown() {
        }

        @Override
        public List<Runnable> shutdownNow() {
            return List.of();
        }

        @Override
        public boolean isShutdown() {
            return false;
        }

        @Override
        public boolean isTerminated() {
            return false;
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) {
            return true;
        }
    }

    private static final class Done extends CompletableFuture<Object> implements ScheduledFuture<Object> {
        Done() {
            complete(null);
        }

        @Override
        public long getDelay(TimeUnit unit) {
            return 0;
        }

        @Override
        public int compareTo(Delayed other) {
            return 0;
        }
    }
}
