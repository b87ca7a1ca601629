package dev.resilience.spring.boot.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.ToIntBiFunction;

import dev.resilience.core.PatternInstance;
import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.event.ResilienceEvent;
import dev.resilience.core.registry.Registry;
import dev.resilience.core.registry.RegistryListener;
import dev.resilience.spring.aop.FallbackObserver;
import dev.resilience.spring.boot.pattern.PatternDescriptor;
import dev.resilience.store.SharedStore;
import dev.resilience.store.StoreInfo;
import dev.resilience.store.StoreListener;
import org.jspecify.annotations.Nullable;

/**
 * The recent events of every pattern instance, for the {@code resilienceevents} endpoint: one bounded ring
 * per instance (per pattern and name) holding its last {@link #bufferSize()} events.
 *
 * <h2>What is recorded</h2>
 * Only events worth reading later, through the patterns' typed listeners: circuit breaker state transitions,
 * resets, recorded and ignored errors, slow calls, rejections and threshold crossings; retries, exhausted,
 * refused and non-retried calls, and successes that needed retries; bulkhead, thread-pool bulkhead and rate
 * limiter rejections; timeouts and failures of timed calls; fallbacks of annotated methods. A successful call
 * builds no event object and allocates nothing here (resilience4j's starter builds one per call, which
 * roughly doubles a breaker's per-call cost). Event types and detail keys are those of the core's
 * {@code onEvent} adapters.
 *
 * <h2>Following registries</h2>
 * {@link #follow(PatternDescriptor) follow(descriptor)} adds one registry-wide listener (the descriptor's
 * {@code eventListener}) to the pattern's registry, so instances created later (at first use) are
 * recorded too, and a {@link RegistryListener} that drops an instance's ring when the registry removes it. A replaced instance keeps the
 * ring of its name. {@link #close()} detaches every listener.
 *
 * <h2>Cost</h2>
 * Following an instance adds one listener whose callbacks for successful calls are the interfaces' no-op
 * defaults: a successful call allocates nothing and takes no lock. (A {@code Timeout} with any listener reads
 * its ticker once more per call to report durations; metrics listeners need that read too.) Recording an event
 * builds it, takes one sequence number and stores it in its instance's ring without locking (a map insert at
 * the instance's first event).
 *
 * <p>Memory is bounded by {@code bufferSize} events (or the instance's own {@code event-consumer-buffer-size})
 * per instance that had an event; rings are created at an
 * instance's first event. A plain and a keyed rate limiter of the same name share a ring. Thread-safe.
 *
 * @since 0.1.0
 */
public final class ResilienceEventBuffer implements AutoCloseable {

    /** Default of {@code resilience.events.buffer-size}: events kept per instance. */
    public static final int DEFAULT_BUFFER_SIZE = 100;

    /** The {@code pattern} of the events of shared stores. */
    public static final String STORE = "store";

    private static final Comparator<EventRing.Entry> BY_SEQUENCE = Comparator.comparingLong(EventRing.Entry::sequence);

    private final int bufferSize;

    private final ToIntBiFunction<String, String> instanceBufferSizes;

    private final AtomicLong sequence = new AtomicLong();

    private final ConcurrentMap<Key, EventRing> rings = new ConcurrentHashMap<>();

    private final List<Predicate<String>> knownNames = new CopyOnWriteArrayList<>();

    private final List<Runnable> detachments = new CopyOnWriteArrayList<>();

    private final FallbackObserver fallbackObserver;

    /** What the patterns' own event adapters feed: events worth reading, never one per successful call. */
    private final EventConsumer recorder = new EventConsumer() {
        @Override
        public void onEvent(ResilienceEvent event) {
            record(withIsoDurations(event));
        }

        @Override
        public boolean routineEvents() {
            return false;
        }

        @Override
        public String toString() {
            return "ResilienceEventBuffer";
        }
    };

    /**
     * A buffer keeping {@code bufferSize} events per instance; fallback events are timestamped with
     * {@link Clock#systemUTC()} (every other event with its instance's configured clock).
     *
     * @throws IllegalArgumentException when {@code bufferSize} is less than 1
     */
    public ResilienceEventBuffer(int bufferSize) {
        this(bufferSize, Clock.systemUTC());
    }

    /**
     * A buffer keeping {@code bufferSize} events per instance, timestamping fallback events with {@code clock}.
     *
     * @throws IllegalArgumentException when {@code bufferSize} is less than 1
     */
    public ResilienceEventBuffer(int bufferSize, Clock clock) {
        this(bufferSize, clock, (pattern, name) -> bufferSize);
    }

    /**
     * A buffer keeping, per instance, the number of events {@code instanceBufferSizes} gives for its pattern
     * key and name (asked once, at the instance's first event; a value below 1 means {@code bufferSize}),
     * timestamping fallback events with {@code clock}.
     *
     * @throws IllegalArgumentException when {@code bufferSize} is less than 1
     */
    public ResilienceEventBuffer(int bufferSize, Clock clock, ToIntBiFunction<String, String> instanceBufferSizes) {
        if (bufferSize < 1) {
            throw new IllegalArgumentException(
                    "Invalid 'buffer-size' (" + bufferSize + "): must be greater than or equal to 1");
        }
        this.bufferSize = bufferSize;
        this.instanceBufferSizes = Objects.requireNonNull(instanceBufferSizes, "instanceBufferSizes");
        this.fallbackObserver = new EventRecorders.FallbackRecorder(this, Objects.requireNonNull(clock, "clock"));
    }

    /** How many events are kept per instance that sets no {@code event-consumer-buffer-size} of its own. */
    public int bufferSize() {
        return bufferSize;
    }

    /** How many events are kept for the instance {@code name} of {@code pattern}. */
    public int bufferSize(String pattern, String name) {
        int size = instanceBufferSizes.applyAsInt(pattern, name);
        return size >= 1 ? size : bufferSize;
    }

    /**
     * Adds {@code event} to the ring of its pattern and instance name, evicting that ring's oldest event when
     * it is full. The recorders call this; applications may record events of their own too.
     */
    public void record(ResilienceEvent event) {
        long next = sequence.getAndIncrement();
        Key key = new Key(event.pattern(), event.name());
        EventRing ring = rings.get(key);
        if (ring == null) {
            ring = rings.computeIfAbsent(key, created -> new EventRing(bufferSize(created.pattern(), created.name())));
        }
        ring.add(next, event);
    }

    /** Every buffered event of every instance, in the order they were recorded: newest last. */
    public List<ResilienceEvent> events() {
        return collect(key -> true);
    }

    /**
     * The buffered events of every instance called {@code name} (of any pattern: a circuit breaker and a retry
     * often share a name), newest last; empty when there are none.
     */
    public List<ResilienceEvent> events(String name) {
        Objects.requireNonNull(name, "name");
        return collect(key -> key.name.equals(name));
    }

    /**
     * Whether {@code name} is an instance of a followed registry, or has buffered events (a fallback's
     * {@code SimpleClassName#method}, or an event recorded by the application).
     */
    public boolean isKnown(String name) {
        for (Key key : rings.keySet()) {
            if (key.name.equals(name)) {
                return true;
            }
        }
        for (Predicate<String> known : knownNames) {
            if (known.test(name)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records the instances of every pattern of {@code descriptors} that has a registry, now and created later
     * (see {@link #follow(PatternDescriptor)}); a pattern {@link PatternDescriptor#listenedThrough() listened
     * through} another pattern of the list is heard through that one's registry-wide listener.
     */
    public void followAll(Collection<? extends PatternDescriptor<?, ?>> descriptors) {
        for (PatternDescriptor<?, ?> descriptor : descriptors) {
            follow(descriptor, PatternDescriptor.isListenedThroughAnother(descriptor, descriptors));
        }
    }

    /**
     * Records the instances of the pattern of {@code descriptor}, now and created later, through its
     * {@link PatternDescriptor#eventListener eventListener}; nothing for a pattern without a registry.
     */
    public void follow(PatternDescriptor<?, ?> descriptor) {
        follow(descriptor, false);
    }

    /**
     * Records the instances of {@code registry} under {@code pattern}, now and created later, through the
     * listener {@code eventListener} makes of this buffer's recorder (the pattern's
     * {@code XListener::events}); with a {@code null} {@code eventListener}, the instances are heard through
     * another registry this buffer follows (keyed rate limiters through their rate limiter registry), and only
     * their names and removals are followed here.
     */
    public <E extends PatternInstance<?, L>, L> void follow(String pattern, Registry<? extends E, ?, L> registry,
            @Nullable Function<EventConsumer, L> eventListener) {
        Objects.requireNonNull(pattern, "pattern");
        Objects.requireNonNull(registry, "registry");
        if (eventListener != null) {
            L listener = eventListener.apply(recorder);
            registry.addListener(listener);
            detachments.add(() -> registry.removeListener(listener));
        }
        registry.addRegistryListener(new Dropper(pattern));
        knownNames.add(name -> registry.find(name).isPresent());
    }

    private <I extends PatternInstance<?, L>, L> void follow(PatternDescriptor<I, L> descriptor,
            boolean heardThroughAnother) {
        Registry<? extends I, ?, L> registry = descriptor.registry();
        if (registry == null) {
            return;
        }
        String through = descriptor.listenedThrough();
        follow(heardThroughAnother && through != null ? through : descriptor.key(), registry,
                heardThroughAnother ? null : descriptor::eventListener);
    }

    /**
     * Records the outages and recoveries of a shared store as events of pattern {@code store} named after the
     * store ({@code redis}, {@code jdbc}): {@code STORE_DEGRADED} (details: {@code instance}, {@code cause}) and
     * {@code STORE_RECOVERED} (details: {@code instance}, {@code outage}).
     *
     * @param store the shared store
     * @param name the store's name, as {@code resilience.<pattern>.instances.<name>.store} selects it
     */
    public void follow(SharedStore store, String name) {
        StoreListener listener = new StoreListener() {
            @Override
            public void onDegraded(StoreInfo info, Throwable cause) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("instance", info.instanceId());
                details.put("cause", String.valueOf(cause));
                record(new ResilienceEvent(STORE, name, "STORE_DEGRADED", Instant.now(), details));
            }

            @Override
            public void onRecovered(StoreInfo info, long outageMillis) {
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("instance", info.instanceId());
                details.put("outage", Duration.ofMillis(outageMillis).toString());
                record(new ResilienceEvent(STORE, name, "STORE_RECOVERED", Instant.now(), details));
            }
        };
        store.addListener(listener);
        knownNames.add(name::equals);
        detachments.add(() -> store.removeListener(listener));
    }

    /**
     * The observer that records the fallbacks of annotated methods; the auto-configuration registers it as a
     * {@link FallbackObserver} bean.
     */
    public FallbackObserver fallbackObserver() {
        return fallbackObserver;
    }

    /** Detaches the listeners added by {@code follow}; buffered events stay readable. */
    @Override
    public void close() {
        for (Runnable detachment : detachments) {
            detachment.run();
        }
        detachments.clear();
    }

    /**
     * Durations in the details become ISO-8601 strings ({@code PT0.25S}), so the events serialize to the same
     * JSON whatever mapper the application configures.
     */
    private static ResilienceEvent withIsoDurations(ResilienceEvent event) {
        if (event.details().values().stream().noneMatch(Duration.class::isInstance)) {
            return event;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        event.details().forEach((key, value) -> details.put(key, value instanceof Duration d ? d.toString() : value));
        return new ResilienceEvent(event.pattern(), event.name(), event.type(), event.time(), details);
    }

    private List<ResilienceEvent> collect(Predicate<Key> selected) {
        List<EventRing.Entry> entries = new ArrayList<>();
        for (Map.Entry<Key, EventRing> ring : rings.entrySet()) {
            if (selected.test(ring.getKey())) {
                ring.getValue().collect(entries);
            }
        }
        entries.sort(BY_SEQUENCE);
        List<ResilienceEvent> events = new ArrayList<>(entries.size());
        for (EventRing.Entry entry : entries) {
            events.add(entry.event());
        }
        return events;
    }

    /**
     * Drops the ring of a removed instance. An event recorded while the instance is being removed may create
     * its ring anew: bounded, and reused if the name comes back.
     */
    private final class Dropper implements RegistryListener<PatternInstance<?, ?>> {

        private final String pattern;

        Dropper(String pattern) {
            this.pattern = pattern;
        }

        @Override
        public void onRemoved(PatternInstance<?, ?> instance) {
            rings.remove(new Key(pattern, instance.name()));
        }
    }

    private record Key(String pattern, String name) {
    }
}
