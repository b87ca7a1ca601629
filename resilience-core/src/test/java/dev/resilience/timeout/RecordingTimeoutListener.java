package dev.resilience.timeout;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every notification as text, e.g. {@code success 5000000}. Thread-safe. */
final class RecordingTimeoutListener implements TimeoutListener {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onSuccess(Timeout timeout, long durationNanos) {
        calls.add("success " + durationNanos);
    }

    @Override
    public void onError(Timeout timeout, long durationNanos, Throwable failure) {
        calls.add("error " + durationNanos + " " + failure.getClass().getSimpleName());
    }

    @Override
    public void onTimeout(Timeout timeout, long timeoutNanos) {
        calls.add("timeout " + timeoutNanos);
    }
}
