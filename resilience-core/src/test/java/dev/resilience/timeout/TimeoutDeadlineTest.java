package dev.resilience.timeout;

import dev.resilience.core.Pipeline;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Timeouts inside deadlines: an inner timeout never waits past an outer deadline, whether the calls run on the
 * caller's thread or on workers.
 */
class TimeoutDeadlineTest {

    private final ManualTicker ticker = new ManualTicker();

    private Timeout timeout(String name, Duration duration) {
        return timeout(name, duration, TimeoutConfig.Mode.CALLER);
    }

    private Timeout timeout(String name, Duration duration, TimeoutConfig.Mode mode) {
        return Timeout.of(name, TimeoutConfig.builder().timeoutDuration(duration).ticker(ticker).mode(mode).build());
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void aTimeoutInsideADeadlineGivesTheCallAtMostWhatIsLeft(TimeoutConfig.Mode mode) throws Throwable {
        Timeout timeout = timeout("inner", Duration.ofSeconds(10), mode);
        Deadline deadline = Deadline.after(Duration.ofMillis(250), ticker);

        Duration seenOnWorker = Deadline.run(deadline,
                () -> timeout.executeSupplier(() -> Deadline.current().orElseThrow().remaining()));

        assertThat(seenOnWorker).isEqualTo(Duration.ofMillis(250));
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void aTimeoutShorterThanTheDeadlineKeepsItsOwnDuration(TimeoutConfig.Mode mode) throws Throwable {
        Timeout timeout = timeout("inner", Duration.ofMillis(100), mode);
        Deadline deadline = Deadline.after(Duration.ofSeconds(5), ticker);

        Duration seenOnWorker = Deadline.run(deadline,
                () -> timeout.executeSupplier(() -> Deadline.current().orElseThrow().remaining()));

        assertThat(seenOnWorker).isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void anExpiredDeadlineTimesOutAtOnceAndSaysItWasTheDeadline(TimeoutConfig.Mode mode) {
        Timeout timeout = timeout("inner", Duration.ofSeconds(10), mode);
        Deadline deadline = Deadline.after(Duration.ofSeconds(1), ticker);
        ticker.advance(Duration.ofSeconds(2));
        AtomicInteger calls = new AtomicInteger();

        assertThatThrownBy(() -> Deadline.run(deadline, () -> timeout.executeSupplier(calls::incrementAndGet)))
                .isInstanceOfSatisfying(TimeoutExceededException.class, e -> {
                    assertThat(e.deadlineExceeded()).isTrue();
                    assertThat(e.timeout()).isZero();
                    assertThat(e.configuredTimeout()).isEqualTo(Duration.ofSeconds(10));
                })
                .hasMessage("Timeout 'inner' exceeded the enclosing deadline (0ms were left of its own 10s)");
        assertThat(calls).hasValue(0);
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void whenTheDeadlineRunsOutTheMessageSaysSo(TimeoutConfig.Mode mode) {
        Timeout timeout = timeout("inner", Duration.ofSeconds(10), mode);
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        Deadline deadline = Deadline.after(Duration.ofMillis(30), ticker);

        assertThatThrownBy(() -> Deadline.run(deadline, () -> timeout.executeCallable(() -> {
            new CountDownLatch(1).await();
            return "never";
        }))).isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'inner' exceeded the enclosing deadline (30ms were left of its own 10s)");
        assertThat(listener.calls).containsExactly("timeout 30000000");
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void anInnerTimeoutIsCappedByTheOuterTimeoutsDeadline(TimeoutConfig.Mode mode) {
        // The outer timeout hands its deadline to what it runs (on this thread, or on its worker): the inner
        // timeout's 10 s shrink to the outer 100 ms, so the call ends after 100 ms whichever fires.
        Timeout outer = timeout("outer", Duration.ofMillis(100), mode);
        Timeout inner = timeout("inner", Duration.ofSeconds(10), mode);
        Pipeline pipeline = Pipeline.of(outer, inner);
        AtomicReference<Duration> seenInside = new AtomicReference<>();

        assertThatThrownBy(() -> pipeline.executeCallable(() -> {
            seenInside.set(Deadline.current().orElseThrow().remaining());
            new CountDownLatch(1).await();
            return "never";
        })).isInstanceOf(TimeoutExceededException.class)
                .hasMessageContaining("100ms");
        assertThat(seenInside.get()).isEqualTo(Duration.ofMillis(100));
    }

    @ParameterizedTest
    @EnumSource(TimeoutConfig.Mode.class)
    void nestedTimeoutsShareOneBudget(TimeoutConfig.Mode mode) throws Throwable {
        Timeout outer = timeout("outer", Duration.ofSeconds(10), mode);
        Timeout inner = timeout("inner", Duration.ofSeconds(1), mode);

        // 9.97 s of the outer 10 s are spent before the inner call starts: it is given 30 ms, not 1 s, and its
        // expiry reaches the caller through the outer timeout unchanged.
        assertThatThrownBy(() -> outer.executeCallable(() -> {
            ticker.advance(Duration.ofMillis(9_970));
            return inner.executeCallable(() -> {
                assertThat(Deadline.current().orElseThrow().remaining()).isEqualTo(Duration.ofMillis(30));
                new CountDownLatch(1).await();
                return "never";
            });
        })).isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'inner' exceeded the enclosing deadline (30ms were left of its own 1s)");
        assertThat(Deadline.current()).isEmpty();
    }

    @Test
    void anAsynchronousTimeoutTakesTheDeadlineAtTheStart() throws Throwable {
        Timeout timeout = timeout("inner", Duration.ofSeconds(10));
        Deadline deadline = Deadline.after(Duration.ofMillis(40), ticker);
        CompletableFuture<String> call = new CompletableFuture<>();

        CompletableFuture<String> result = Deadline.run(deadline,
                () -> timeout.executeCompletionStage(() -> call).toCompletableFuture());

        await().atMost(Duration.ofSeconds(5)).until(result::isDone);
        assertThatThrownBy(result::join).cause().isInstanceOf(TimeoutExceededException.class)
                .hasMessage("Timeout 'inner' exceeded the enclosing deadline (40ms were left of its own 10s)");
        assertThat(call).isCancelled();
    }
}
