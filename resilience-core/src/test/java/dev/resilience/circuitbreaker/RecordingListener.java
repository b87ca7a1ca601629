package dev.resilience.circuitbreaker;

import java.util.ArrayList;
import java.util.List;

/** Writes every callback down as a short line, in order. */
final class RecordingListener implements CircuitBreakerListener {

    private final List<String> events = new ArrayList<>();

    synchronized List<String> events() {
        return new ArrayList<>(events);
    }

    synchronized void clear() {
        events.clear();
    }

    private synchronized void add(String event) {
        events.add(event);
    }

    @Override
    public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
        add("SUCCESS " + durationNanos);
    }

    @Override
    public void onError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
        add("ERROR " + durationNanos + " " + error.getClass().getSimpleName());
    }

    @Override
    public void onIgnoredError(CircuitBreaker circuitBreaker, long durationNanos, Throwable error) {
        add("IGNORED_ERROR " + durationNanos + " " + error.getClass().getSimpleName());
    }

    @Override
    public void onNotPermitted(CircuitBreaker circuitBreaker) {
        add("NOT_PERMITTED");
    }

    @Override
    public void onSlowCall(CircuitBreaker circuitBreaker, long durationNanos) {
        add("SLOW_CALL " + durationNanos);
    }

    @Override
    public void onStateTransition(CircuitBreaker circuitBreaker, CircuitBreaker.State from, CircuitBreaker.State to) {
        add(from + "->" + to);
    }

    @Override
    public void onReset(CircuitBreaker circuitBreaker) {
        add("RESET");
    }

    @Override
    public void onFailureRateExceeded(CircuitBreaker circuitBreaker, float failureRate) {
        add("FAILURE_RATE_EXCEEDED " + failureRate);
    }

    @Override
    public void onSlowCallRateExceeded(CircuitBreaker circuitBreaker, float slowCallRate) {
        add("SLOW_CALL_RATE_EXCEEDED " + slowCallRate);
    }
}
