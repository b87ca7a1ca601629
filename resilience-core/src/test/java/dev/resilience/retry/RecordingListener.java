package dev.resilience.retry;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every notification as a short line, in order, so tests can assert sequences. */
final class RecordingListener implements RetryListener {

    final List<String> events = new CopyOnWriteArrayList<>();

    @Override
    public void onRetry(Retry retry, int attempt, long waitNanos, Throwable lastErrorOrNull) {
        events.add("retry " + attempt + " wait=" + Duration.ofNanos(waitNanos) + " " + name(lastErrorOrNull));
    }

    @Override
    public void onSuccess(Retry retry, int attempts) {
        events.add("success " + attempts);
    }

    @Override
    public void onError(Retry retry, int attempts, Throwable lastErrorOrNull) {
        events.add("error " + attempts + " " + name(lastErrorOrNull));
    }

    @Override
    public void onIgnoredError(Retry retry, Throwable error) {
        events.add("ignored " + name(error));
    }

    @Override
    public void onBudgetExhausted(Retry retry, int attempt, Throwable lastErrorOrNull) {
        events.add("budget-exhausted " + attempt + " " + name(lastErrorOrNull));
    }

    private static String name(Throwable error) {
        return error == null ? "result" : error.getClass().getSimpleName() + "(" + error.getMessage() + ")";
    }
}
