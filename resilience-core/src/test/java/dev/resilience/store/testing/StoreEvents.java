package dev.resilience.store.testing;

import dev.resilience.store.StoreInfo;
import dev.resilience.store.StoreListener;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/** A {@link StoreListener} that writes down what it hears, in order: "degraded" and "recovered". */
public final class StoreEvents implements StoreListener {

    private final ConcurrentLinkedQueue<String> heard = new ConcurrentLinkedQueue<>();

    @Override
    public void onDegraded(StoreInfo store, Throwable cause) {
        heard.add("degraded");
    }

    @Override
    public void onRecovered(StoreInfo store, long outageMillis) {
        heard.add("recovered");
    }

    /** What was heard so far, oldest first. */
    public List<String> heard() {
        return new ArrayList<>(heard);
    }

    /** The last event heard, or {@code null}. */
    public String last() {
        String last = null;
        for (String event : heard) {
            last = event;
        }
        return last;
    }
}
