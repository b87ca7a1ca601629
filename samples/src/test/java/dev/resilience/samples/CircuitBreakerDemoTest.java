package dev.resilience.samples;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class CircuitBreakerDemoTest {

    @Test
    void showsTheBreakerOpeningRejectingHalfOpeningAndClosing() throws Exception {
        AtomicLong nanos = new AtomicLong();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        new CircuitBreakerDemo(out, nanos::get).run(duration -> nanos.addAndGet(duration.toNanos()));

        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo(String.join(System.lineSeparator(),
                "dev.resilience circuit breaker demo",
                "'backend' opens when 2 of its last 4 calls fail, stays open for 1000 ms, then lets 2 trial calls decide.",
                "",
                "[    0 ms] the backend is healthy",
                "[    0 ms] call 1 -> ok: 200 OK",
                "[    0 ms] call 2 -> ok: 200 OK",
                "[    0 ms] the backend goes down",
                "[    0 ms] call 3 -> failed: backend unavailable",
                "[    0 ms] call 4 -> failed: backend unavailable",
                "[    0 ms]          event: failure rate 50% reached the threshold of 50%",
                "[    0 ms]          event: state CLOSED -> OPEN",
                "[    0 ms] the breaker is OPEN: calls fail fast, the backend is left alone",
                "[    0 ms] call 5 -> rejected: CircuitBreaker 'backend' is OPEN and does not permit further calls",
                "[    0 ms]          event: call not permitted",
                "[    0 ms] call 6 -> rejected: CircuitBreaker 'backend' is OPEN and does not permit further calls",
                "[    0 ms]          event: call not permitted",
                "[    0 ms] the backend recovers; waiting 1000 ms (wait-duration-in-open-state)",
                "[ 1050 ms] call 7 -> ok: 200 OK",
                "[ 1050 ms]          event: state OPEN -> HALF_OPEN",
                "[ 1050 ms] call 8 -> ok: 200 OK",
                "[ 1050 ms]          event: state HALF_OPEN -> CLOSED",
                "[ 1050 ms] call 9 -> ok: 200 OK",
                "",
                "final state CLOSED; calls in the window: 1, failed: 0",
                ""));
    }
}
