package dev.resilience.bulkhead;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records notifications of both bulkhead kinds as words. Thread-safe. */
final class RecordingBulkheadListener implements BulkheadListener, ThreadPoolBulkheadListener {

    final List<String> calls = new CopyOnWriteArrayList<>();

    @Override
    public void onPermitted(Bulkhead bulkhead) {
        calls.add("permitted");
    }

    @Override
    public void onRejected(Bulkhead bulkhead) {
        calls.add("rejected");
    }

    @Override
    public void onFinished(Bulkhead bulkhead) {
        calls.add("finished");
    }

    @Override
    public void onPermitted(ThreadPoolBulkhead bulkhead) {
        calls.add("permitted");
    }

    @Override
    public void onRejected(ThreadPoolBulkhead bulkhead) {
        calls.add("rejected");
    }

    @Override
    public void onFinished(ThreadPoolBulkhead bulkhead) {
        calls.add("finished");
    }
}
