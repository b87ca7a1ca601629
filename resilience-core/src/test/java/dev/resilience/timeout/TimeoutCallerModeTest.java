package dev.resilience.timeout;

import dev.resilience.core.Pipeline;
import dev.resilience.testing.ManualTicker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Synchronous calls in {@code mode: caller}: the call runs on the caller's thread, the shared timer interrupts
 * it at the deadline, and the interrupt never outlives the call.
 */
class TimeoutCallerModeTest {

    private final ManualTicker ticker = new ManualTicker();

    @AfterEach
    void noInterruptLeaksIntoTheNextTest() {
        assertThat(Thread.interrupted()).as("interrupt flag after the test").isFalse();
    }

    private Timeout timeout(Duration duration) {
        return Timeout.of("backend", TimeoutConfig.builder().timeoutDuration(duration).ticker(ticker).build());
    }

    @Test
    void theCallSeesTheCallersThreadLocals() {
        ThreadLocal<String> request = new ThreadLocal<>();
        request.set("request-42");
        try {
            assertThat(timeout(Duration.ofSeconds(10)).executeSupplier(request::get)).isEqualTo("request-42");
        } finally {
            request.remove();
        }
    }

    @Test
    void anExpiryInterruptsTheCallerAndClearsTheInterruptBeforeThrowing() {
        Timeout timeout = timeout(Duration.ofMillis(30));
        AtomicBoolean interruptedInside = new AtomicBoolean();

        assertThatThrownBy(() -> timeout.executeCallable(() -> {
            try {
                new CountDownLatch(1).await();
                return "never";
            } catch (InterruptedException e) {
                interruptedInside.set(true);
                Thread.currentThread().interrupt(); // well-behaved code restores the flag: the timeout clears it
                throw e;
            }
        })).isInstanceOfSatisfying(TimeoutExceededException.class, e -> {
            assertThat(e.getMessage()).isEqualTo("Timeout 'backend' of 30ms exceeded");
            assertThat(e.getCause()).isInstanceOf(InterruptedException.class);
            assertThat(e.getStackTrace()).isNotEmpty();
        });

        assertThat(interruptedInside).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aCallThatIgnoresTheInterruptRunsToItsEndAndThenTimesOut() {
        Timeout timeout = timeout(Duration.ofMillis(20));
        RecordingTimeoutListener listener = new RecordingTimeoutListener();
        timeout.addListener(listener);
        AtomicReference<String> finished = new AtomicReference<>();

        assertThatThrownBy(() -> timeout.executeSupplier(() -> {
            // Busy work that never blocks; it notices the flag only at its end.
            while (!Thread.currentThread().isInterrupted()) {
                Thread.onSpinWait();
            }
            finished.set("done");
            return "late result";
        })).isInstanceOf(TimeoutExceededException.class).hasNoCause();

        assertThat(finished).hasValue("done");
        assertThat(listener.calls).containsExactly("timeout 20000000");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void withoutCancelRunningFutureTheCallIsNotInterruptedButTimesOutWhenItEndsLate() {
        Timeout timeout = Timeout.of("backend", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(100))
                .cancelRunningFuture(false).ticker(ticker).build());

        assertThat(timeout.executeSupplier(() -> {
            ticker.advance(Duration.ofMillis(99));
            return "in time";
        })).isEqualTo("in time");
        assertThatThrownBy(() -> timeout.executeSupplier(() -> {
            ticker.advance(Duration.ofMillis(100));
            return "late";
        })).isInstanceOf(TimeoutExceededException.class).hasMessage("Timeout 'backend' of 100ms exceeded");
    }

    @Test
    void anInterruptFromSomeoneElseIsNeverCleared() {
        Timeout timeout = timeout(Duration.ofSeconds(10));

        Thread.currentThread().interrupt();
        String result = timeout.executeSupplier(() -> "ok");

        assertThat(result).isEqualTo("ok");
        assertThat(Thread.interrupted()).as("the caller's own interrupt is still set").isTrue();
    }

    @Test
    void theCallsOwnInterruptedExceptionFromAForeignInterruptIsPassedThroughUnchanged() {
        Timeout timeout = timeout(Duration.ofSeconds(10));
        InterruptedException foreign = new InterruptedException("cancelled by the application");

        assertThatThrownBy(() -> timeout.executeCallable(() -> {
            Thread.currentThread().interrupt();
            throw foreign;
        })).isSameAs(foreign);
        assertThat(Thread.interrupted()).as("the application's interrupt is still set").isTrue();
    }

    @Test
    void nestedTimeoutsOnOneThreadEachGetTheirOwnTimerAndTheOuterOneSurvivesTheInnerExpiry() throws Exception {
        Timeout outer = Timeout.of("outer", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(10))
                .ticker(ticker).build());
        Timeout inner = Timeout.of("inner", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(30))
                .ticker(ticker).build());
        Thread caller = Thread.currentThread();

        String result = outer.executeCallable(() -> {
            assertThatThrownBy(() -> inner.executeCallable(() -> {
                assertThat(Thread.currentThread()).isSameAs(caller);
                new CountDownLatch(1).await();
                return "never";
            })).isInstanceOf(TimeoutExceededException.class).hasMessage("Timeout 'inner' of 30ms exceeded");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            // The outer timeout's own deadline is current again and its timer still armed, but far away.
            assertThat(Deadline.current().orElseThrow().remaining()).isEqualTo(Duration.ofSeconds(10));
            return inner.executeSupplier(() -> "second inner call");
        });

        assertThat(result).isEqualTo("second inner call");
        assertThat(Deadline.current()).isEmpty();
    }

    @Test
    void anInnerTimeoutLongerThanTheOuterOneIsCutToTheOuterDeadline() {
        Timeout outer = Timeout.of("outer", TimeoutConfig.builder().timeoutDuration(Duration.ofMillis(40))
                .ticker(ticker).build());
        Timeout inner = Timeout.of("inner", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(10))
                .ticker(ticker).build());

        assertThatThrownBy(() -> Pipeline.of(outer, inner).executeCallable(() -> {
            assertThat(Deadline.current().orElseThrow().remaining()).isEqualTo(Duration.ofMillis(40));
            new CountDownLatch(1).await();
            return "never";
        })).isInstanceOf(TimeoutExceededException.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aTimeoutRunsOnTheCallersThreadInsideAPipelineWithTheOtherPatterns() {
        ThreadLocal<String> tenant = ThreadLocal.withInitial(() -> "none");
        tenant.set("acme");
        try {
            Pipeline pipeline = Pipeline.of(dev.resilience.retry.Retry.ofDefaults("retry"),
                    dev.resilience.circuitbreaker.CircuitBreaker.ofDefaults("breaker"), timeout(Duration.ofSeconds(5)),
                    dev.resilience.bulkhead.Bulkhead.ofDefaults("bulkhead"));
            assertThat(pipeline.executeSupplier(tenant::get)).isEqualTo("acme");
        } finally {
            tenant.remove();
        }
    }
}
