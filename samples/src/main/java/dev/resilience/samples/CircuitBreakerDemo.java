package dev.resilience.samples;

import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.core.Ticker;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A circuit breaker in plain Java: it protects a flaky "backend", opens when half of the recent calls fail,
 * rejects calls while open, lets two trial calls through after a short wait, and closes again once the
 * backend has recovered. Every event is printed as it happens. Runs in about a second.
 *
 * <p>The plain-Java entry point of the samples (the Spring Boot application is {@link SampleApplication}):
 *
 * <pre>./mvnw -pl samples -am -DskipTests package spring-boot:run -Dspring-boot.run.main-class=dev.resilience.samples.CircuitBreakerDemo</pre>
 */
public final class CircuitBreakerDemo {

    static final Duration WAIT_IN_OPEN_STATE = Duration.ofSeconds(1);

    /** Waits; the demo sleeps, its test moves a fake clock instead. */
    @FunctionalInterface
    interface Pause {
        void pause(Duration duration) throws InterruptedException;
    }

    private final PrintStream out;
    private final Ticker ticker;
    private final long start;
    private final CircuitBreaker breaker;
    private final List<String> events = new ArrayList<>();
    private boolean backendUp = true;
    private int calls;

    CircuitBreakerDemo(PrintStream out, Ticker ticker) {
        this.out = out;
        this.ticker = ticker;
        this.start = ticker.read();
        this.breaker = CircuitBreaker.of("backend", CircuitBreakerConfig.builder()
                .slidingWindowSize(4)                       // judge the last 4 calls
                .minimumNumberOfCalls(4)
                .failureRateThreshold(50)                   // open at 50% failures
                .waitDurationInOpenState(WAIT_IN_OPEN_STATE)
                .permittedNumberOfCallsInHalfOpenState(2)   // then try 2 calls
                .ticker(ticker)
                .build());
        breaker.addListener(new CircuitBreakerListener() {
            @Override
            public void onStateTransition(CircuitBreaker cb, CircuitBreaker.State from, CircuitBreaker.State to) {
                events.add("state " + from + " -> " + to);
            }

            @Override
            public void onFailureRateExceeded(CircuitBreaker cb, float failureRate) {
                events.add(String.format(Locale.ROOT, "failure rate %.0f%% reached the threshold of %.0f%%",
                        failureRate, cb.config().failureRateThreshold()));
            }

            @Override
            public void onNotPermitted(CircuitBreaker cb) {
                events.add("call not permitted");
            }
        });
    }

    public static void main(String[] args) throws InterruptedException {
        new CircuitBreakerDemo(System.out, Ticker.system()).run(duration -> Thread.sleep(duration.toMillis()));
    }

    void run(Pause pause) throws InterruptedException {
        out.println("dev.resilience circuit breaker demo");
        out.println("'backend' opens when 2 of its last 4 calls fail, stays open for " + WAIT_IN_OPEN_STATE.toMillis()
                + " ms, then lets 2 trial calls decide.");
        out.println();

        say("the backend is healthy");
        call();
        call();
        say("the backend goes down");
        backendUp = false;
        call();
        call();
        say("the breaker is OPEN: calls fail fast, the backend is left alone");
        call();
        call();
        say("the backend recovers; waiting " + WAIT_IN_OPEN_STATE.toMillis() + " ms (wait-duration-in-open-state)");
        backendUp = true;
        pause.pause(WAIT_IN_OPEN_STATE.plusMillis(50));
        call();
        call();
        call();

        CircuitBreaker.Metrics metrics = breaker.metrics();
        out.println();
        out.println("final state " + breaker.state() + "; calls in the window: " + metrics.bufferedCalls() + ", failed: "
                + metrics.failedCalls());
    }

    private void call() {
        int number = ++calls;
        String outcome;
        try {
            outcome = "ok: " + breaker.executeSupplier(this::backend);
        } catch (CallNotPermittedException rejected) {
            outcome = "rejected: " + rejected.getMessage();
        } catch (IllegalStateException failed) {
            outcome = "failed: " + failed.getMessage();
        }
        say(String.format(Locale.ROOT, "call %d -> %s", number, outcome));
        for (String event : events) {
            say("         event: " + event);
        }
        events.clear();
    }

    private String backend() {
        if (!backendUp) {
            throw new IllegalStateException("backend unavailable");
        }
        return "200 OK";
    }

    private void say(String line) {
        long millis = (ticker.read() - start) / 1_000_000;
        out.printf(Locale.ROOT, "[%5d ms] %s%n", millis, line);
    }
}
