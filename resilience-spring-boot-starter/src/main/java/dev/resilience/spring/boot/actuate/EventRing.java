package dev.resilience.spring.boot.actuate;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

import dev.resilience.core.event.ResilienceEvent;

/**
 * The last {@code capacity} events of one instance: a fixed array written round-robin, lock-free.
 *
 * <p>A writer claims the next index with one {@code getAndIncrement} and stores its entry in slot
 * {@code index % capacity}, unless a writer that claimed a later index (one lap ahead) got there first: then
 * the older entry is dropped, so a slot only ever moves forward. A reader takes the claimed count {@code end}
 * and keeps, for each index of {@code [end - capacity, end)}, the entry of its slot only if it carries exactly
 * that index: a slot not written yet (a writer between its claim and its store) or already overwritten by a
 * newer lap is skipped. So reads never block writers and never see an entry twice; under a burst of writers
 * racing a reader a few entries may be missed, which an event log can afford.
 *
 * <p>Memory is bounded: {@code capacity} slots, each holding at most one entry.
 */
final class EventRing {

    private final int capacity;

    private final AtomicReferenceArray<Entry> slots;

    private final AtomicLong claimed = new AtomicLong();

    EventRing(int capacity) {
        this.capacity = capacity;
        this.slots = new AtomicReferenceArray<>(capacity);
    }

    /** Adds {@code event}, which {@code sequence} orders among the events of every ring. */
    void add(long sequence, ResilienceEvent event) {
        long index = claimed.getAndIncrement();
        int slot = (int) (index % capacity);
        Entry entry = new Entry(index, sequence, event);
        Entry current;
        do {
            current = slots.get(slot);
            if (current != null && current.index > index) {
                return;
            }
        } while (!slots.compareAndSet(slot, current, entry));
    }

    /** Adds this ring's entries, oldest first, to {@code out}. */
    void collect(List<Entry> out) {
        long end = claimed.get();
        for (long index = Math.max(0, end - capacity); index < end; index++) {
            Entry entry = slots.get((int) (index % capacity));
            if (entry != null && entry.index == index) {
                out.add(entry);
            }
        }
    }

    /** One stored event with its place in this ring ({@code index}) and among all rings ({@code sequence}). */
    record Entry(long index, long sequence, ResilienceEvent event) {
    }
}
