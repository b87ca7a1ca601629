package dev.resilience.core;

import java.util.Arrays;
import java.util.Objects;

/**
 * The attributes of one call: a small map from {@link CallContext.Key}s to values, for a {@link CallContext}
 * implementation to hold (created when the first attribute is set, so a call nobody annotates allocates
 * nothing). Keys are compared by identity. Thread-safe: an attribute set by one policy is visible to the
 * policies and threads that run the call later (an asynchronous continuation, a retry on a scheduler thread).
 *
 * @since 0.2.0
 */
public final class CallAttributes {

    private Object[] entries = new Object[4];
    private int size;

    /** The value of {@code key}, or {@code null}. */
    public synchronized <T> T get(CallContext.Key<T> key) {
        for (int i = 0; i < size; i += 2) {
            if (entries[i] == key) {
                return key.type().cast(entries[i + 1]);
            }
        }
        return null;
    }

    /** Sets {@code key} to {@code value}; {@code null} removes it. */
    public synchronized <T> void put(CallContext.Key<T> key, T value) {
        Objects.requireNonNull(key, "key");
        for (int i = 0; i < size; i += 2) {
            if (entries[i] == key) {
                if (value == null) {
                    System.arraycopy(entries, i + 2, entries, i, size - i - 2);
                    size -= 2;
                    entries[size] = null;
                    entries[size + 1] = null;
                } else {
                    entries[i + 1] = key.type().cast(value);
                }
                return;
            }
        }
        if (value == null) {
            return;
        }
        if (size == entries.length) {
            entries = Arrays.copyOf(entries, size * 2);
        }
        entries[size++] = key;
        entries[size++] = key.type().cast(value);
    }
}
