package dev.resilience.ratelimiter.internal;

import dev.resilience.core.event.EventConsumer;
import dev.resilience.core.internal.Tickers;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.ratelimiter.spi.InMemoryRateLimiterStore;
import dev.resilience.ratelimiter.spi.RateLimiterStore;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A {@link KeyedRateLimiter} with a bounded number of keys. Internal: use {@link KeyedRateLimiter#of}.
 *
 * <h2>Design</h2>
 * Keys live in a {@link ConcurrentHashMap}, so using a known key is a lock-free {@code get}, a plain
 * (opaque) store of the ticker reading into the key's {@code lastUsed}, and the store's CAS: no lock, no
 * allocation, no shared write other than the key's own state.
 *
 * <p>Adding a key takes {@link #lock}: under it the key is put in the map and in {@link #slots}, a dense array
 * of all held keys, and when {@code max-keys} are held a victim is removed first, so the map never holds more
 * than {@code max-keys}. Only a key <em>at rest</em> may be a victim: one past its first period whose limiter
 * is back to a full period's permits (nothing taken in the current period, nothing reserved ahead), so that
 * forgetting it loses nothing, or one whose count lives in a shared store rather than here. (A key in its first
 * period is kept even unused: it may have been added for the permit its caller is about to take.) Forgetting a key that took permits in
 * its current period would hand its client a fresh limit on its next call, and a client could reset its own
 * limit by sending {@code max-keys} made-up keys. The victim is the least recently used key at rest of all keys
 * when at most {@link #SAMPLE} are held (exact LRU), else of {@link #SAMPLE} keys drawn at random from
 * {@code slots} (sampled LRU, as Redis does): with 16 samples the victim is, on average, older than about 94%
 * of the keys, and a key in active use is practically never chosen. Removal moves the last slot into the hole,
 * so {@code slots} stays dense and a sample is one random index.
 *
 * <p>When no candidate is at rest (every held key, or every sampled one, took permits in its current period),
 * the new key is not held: it is served by {@link #overflow}, one limiter with the per-key limit shared by every
 * key that could not be held, until a held key is at rest. So memory stays bounded by {@code max-keys} keys
 * plus one, no held key is ever reset within its period, and all keys beyond {@code max-keys} together get one
 * key's limit, not one each. Lowering {@code max-keys} by {@link #reconfigure} is the one exception: the memory
 * bound wins, and when too few keys are at rest the least recently used go anyway.
 *
 * <p>Trade-offs, and why: an access-ordered {@code LinkedHashMap} gives exact LRU but needs a lock on every
 * read (each read reorders the list), which serialises the hot path; striped LRU segments reduce that lock
 * but still take one per call and evict per segment, so small {@code max-keys} evict keys too early. Here the
 * hot path is lock-free and only insertion is serialised; the price is approximate order above 16 keys and
 * one array slot per key.
 *
 * <p>A thread that looked a key up just before it was evicted may still take a permit from the evicted
 * limiter, which its key's next limiter does not see: one permit more than the limit per thread caught in that
 * race, and only for a key at rest, whose client took nothing in its current period.
 */
public final class DefaultKeyedRateLimiter implements KeyedRateLimiter {

    /** Keys sampled per eviction; at or below this many keys, eviction is exact LRU. */
    static final int SAMPLE = 16;
    private static final Duration LONGEST_NANOS = Duration.ofNanos(Long.MAX_VALUE);
    /** The key of {@link #overflow}: never equal to a caller's key. */
    private static final Object OVERFLOW = new Object() {
        @Override
        public String toString() {
            return "(keys beyond max-keys)";
        }
    };

    private final Shared shared;
    private final ConcurrentHashMap<Object, KeyLimiter> limiters = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    /** Every held key, densely packed; guarded by {@link #lock}. */
    private KeyLimiter[] slots = new KeyLimiter[SAMPLE];
    /** How many of {@link #slots} are used; guarded by {@link #lock}. */
    private int count;
    /** The limiter of the keys that could not be held, created when first needed; guarded by {@link #lock}. */
    private KeyLimiter overflow;

    public DefaultKeyedRateLimiter(String name, RateLimiterConfig config) {
        this.shared = new Shared(name, config);
    }

    @Override
    public String name() {
        return shared.name;
    }

    @Override
    public RateLimiterConfig config() {
        return shared.settings.config;
    }

    @Override
    public RateLimiter limiterFor(Object key) {
        Objects.requireNonNull(key, "key");
        // No ticker read for a held key: asking the returned limiter for a permit stamps its recency.
        KeyLimiter limiter = limiters.get(key);
        return limiter != null ? limiter : add(key, shared.settings.ticker.read());
    }

    @Override
    public boolean tryAcquirePermission(Object key) {
        return tryAcquire(key, 1);
    }

    @Override
    public boolean tryAcquirePermission(Object key, int permits) {
        Objects.requireNonNull(key, "key");
        if (permits == 1) {
            return tryAcquire(key, 1);
        }
        return limiterFor(key).tryAcquirePermission(permits);
    }

    private boolean tryAcquire(Object key, int permits) {
        Objects.requireNonNull(key, "key");
        // Read the ticker once, for the key's recency and for its window.
        long now = shared.settings.ticker.read();
        KeyLimiter limiter = lookUp(key, now);
        return limiter.tryAcquireAt(now, permits);
    }

    @Override
    public void acquirePermission(Object key) {
        limiterFor(key).acquirePermission();
    }

    private KeyLimiter lookUp(Object key, long now) {
        KeyLimiter limiter = limiters.get(key);
        return limiter != null ? limiter : add(key, now);
    }

    private KeyLimiter add(Object key, long now) {
        synchronized (lock) {
            KeyLimiter existing = limiters.get(key);
            if (existing != null) {
                return existing;
            }
            Settings settings = shared.settings;
            int maxKeys = settings.config.maxKeys();
            while (count >= maxKeys) {
                KeyLimiter victim = victim(true, now);
                if (victim == null) {
                    return overflow(settings, now);
                }
                evict(victim);
            }
            KeyLimiter limiter = new KeyLimiter(shared, key, newStore(settings, key, now), now);
            if (count == slots.length) {
                slots = Arrays.copyOf(slots, (int) Math.min((long) maxKeys, 2L * count));
            }
            limiter.slot = count;
            slots[count++] = limiter;
            limiters.put(key, limiter);
            return limiter;
        }
    }

    private RateLimiterStore newStore(Settings settings, Object key, long now) {
        RateLimiterStore.Factory factory = settings.config.storeFactory();
        return factory == InMemoryRateLimiterStore.FACTORY
                ? new InMemoryRateLimiterStore(settings.config, now)
                : factory.create(shared.name, key, settings.config);
    }

    /** The limiter of every key that cannot be held right now (see the class comment). Caller holds {@link #lock}. */
    private KeyLimiter overflow(Settings settings, long now) {
        KeyLimiter o = overflow;
        if (o == null) {
            o = new KeyLimiter(shared, OVERFLOW, newStore(settings, OVERFLOW, now), now);
            o.slot = -1;
            overflow = o;
        }
        return o;
    }

    /**
     * The key to evict: the least recently used key at rest, of all keys when few, of {@link #SAMPLE} sampled
     * ones when many; {@code null} when none is at rest and {@code atRestOnly}, else the least recently used.
     * Caller holds {@link #lock}.
     */
    private KeyLimiter victim(boolean atRestOnly, long now) {
        RateLimiterConfig config = shared.settings.config;
        int limit = config.limitForPeriod();
        Duration refresh = config.limitRefreshPeriod();
        long period = refresh.compareTo(LONGEST_NANOS) >= 0 ? Long.MAX_VALUE : refresh.toNanos();
        boolean exact = count <= SAMPLE;
        ThreadLocalRandom random = exact ? null : ThreadLocalRandom.current();
        KeyLimiter oldest = null;
        KeyLimiter oldestAtRest = null;
        for (int i = 0, draws = exact ? count : SAMPLE; i < draws; i++) {
            KeyLimiter candidate = slots[exact ? i : random.nextInt(count)];
            oldest = older(oldest, candidate);
            if (candidate.isAtRest(limit, period, now)) {
                oldestAtRest = older(oldestAtRest, candidate);
            }
        }
        return oldestAtRest != null || atRestOnly ? oldestAtRest : oldest;
    }

    private static KeyLimiter older(KeyLimiter a, KeyLimiter b) {
        // Ticker readings wrap like System.nanoTime(): compare by difference.
        return a == null || b.lastUsed() - a.lastUsed() < 0 ? b : a;
    }

    /** Removes {@code limiter} from the slots and the map. Caller holds {@link #lock}. */
    private void evict(KeyLimiter limiter) {
        int hole = limiter.slot;
        KeyLimiter last = slots[--count];
        slots[hole] = last;
        last.slot = hole;
        slots[count] = null;
        limiter.slot = -1;
        limiters.remove(limiter.key, limiter);
    }

    @Override
    public int size() {
        return limiters.size();
    }

    @Override
    public dev.resilience.store.StoreInfo storeInfo() {
        return shared.settings.config.storeFactory().info();
    }

    /**
     * Whether the map and the slots agree: same keys, dense slots, each limiter knowing its slot, at most
     * {@code max-keys}. For tests; takes the lock.
     */
    boolean isConsistent() {
        synchronized (lock) {
            if (count != limiters.size() || count > shared.settings.config.maxKeys()) {
                return false;
            }
            for (int i = 0; i < slots.length; i++) {
                KeyLimiter limiter = slots[i];
                if (i < count ? limiter == null || limiter.slot != i || limiters.get(limiter.key) != limiter
                        : limiter != null) {
                    return false;
                }
            }
            return true;
        }
    }

    @Override
    public void reconfigure(RateLimiterConfig config) {
        Objects.requireNonNull(config, "config");
        synchronized (lock) {
            RateLimiterConfig old = shared.settings.config;
            shared.settings = new Settings(config);
            if (!Tickers.sameTimeBase(old.ticker(), config.ticker()) || old.storeFactory() != config.storeFactory()) {
                // Keys are added under this lock, so none is created with the old ticker or store from here on.
                limiters.clear();
                Arrays.fill(slots, null);
                count = 0;
                overflow = null;
                return;
            }
            for (int i = 0; i < count; i++) {
                slots[i].store.reconfigure(config);
            }
            if (overflow != null) {
                overflow.store.reconfigure(config);
            }
            long now = config.ticker().read();
            while (count > config.maxKeys()) {
                evict(victim(false, now));
            }
        }
    }

    @Override
    public void addListener(RateLimiterListener listener) {
        shared.listeners.add(listener);
    }

    @Override
    public boolean removeListener(RateLimiterListener listener) {
        return shared.listeners.remove(listener);
    }

    @Override
    public RateLimiterListener onEvent(EventConsumer consumer) {
        return shared.onEvent(consumer);
    }

    @Override
    public String toString() {
        return "KeyedRateLimiter[" + shared.name + ", " + shared.settings.description + ", keys=" + size() + "]";
    }

    /** The limiter of one key; shares name, settings and listeners with its keyed limiter. */
    static final class KeyLimiter extends AbstractRateLimiter {

        private static final VarHandle LAST_USED;

        static {
            try {
                LAST_USED = MethodHandles.lookup().findVarHandle(KeyLimiter.class, "lastUsed", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Object key;
        final RateLimiterStore store;
        /** The ticker reading when the key was added: the start of its first period. */
        final long created;
        /** The ticker reading of the last use; written opaquely (no fence) on every use. */
        @SuppressWarnings("unused") // accessed through LAST_USED
        private long lastUsed;
        /** Index in {@code slots}, -1 once evicted; guarded by the keyed limiter's lock. */
        int slot;

        KeyLimiter(Shared shared, Object key, RateLimiterStore store, long now) {
            super(shared);
            this.key = key;
            this.store = store;
            this.created = now;
            this.lastUsed = now;
        }

        @Override
        RateLimiterStore store() {
            return store;
        }

        void touch(long now) {
            LAST_USED.setOpaque(this, now);
        }

        long lastUsed() {
            return (long) LAST_USED.getOpaque(this);
        }

        /**
         * Whether forgetting this key loses nothing: its count lives in a shared store (a new limiter of the key
         * finds it there), or it is past its first period and holds a full period's permits ({@code limit}),
         * nothing taken or reserved. A key in its first period is kept even unused: it may have been created
         * for a permit its caller is about to take, and evicting it in between would let that permit go to a
         * limiter nobody sees any more.
         */
        boolean isAtRest(int limit, long periodNanos, long now) {
            RateLimiterStore s = store;
            return !(s instanceof InMemoryRateLimiterStore)
                    || now - created >= periodNanos && s.availablePermissions() >= limit;
        }

        @Override
        long decide(int permits, long timeoutNanos) {
            long now = shared.settings.ticker.read();
            touch(now);
            return decideAt(now, permits, timeoutNanos);
        }

        private long decideAt(long now, int permits, long timeoutNanos) {
            RateLimiterStore s = store;
            if (s instanceof InMemoryRateLimiterStore) {
                return ((InMemoryRateLimiterStore) s).acquire(now, permits, timeoutNanos);
            }
            return s.acquire(permits, timeoutNanos);
        }

        boolean tryAcquireAt(long now, int permits) {
            touch(now);
            if (decideAt(now, permits, 0L) >= 0) {
                shared.permitted(this, permits);
                return true;
            }
            shared.rejected(this, permits);
            return false;
        }

        @Override
        public void reconfigure(RateLimiterConfig config) {
            throw unsupported("reconfigure the keyed limiter, which applies one configuration to every key");
        }

        @Override
        public void addListener(RateLimiterListener listener) {
            throw unsupported("add listeners to the keyed limiter, which hears every key");
        }

        @Override
        public boolean removeListener(RateLimiterListener listener) {
            // Listeners are never added here, so there is nothing to remove.
            return false;
        }

        @Override
        public RateLimiterListener onEvent(EventConsumer consumer) {
            throw unsupported("subscribe to the keyed limiter, which hears every key");
        }

        private UnsupportedOperationException unsupported(String instead) {
            return new UnsupportedOperationException(
                    "This is one key's limiter of the keyed rate limiter '" + shared.name + "': " + instead);
        }

        @Override
        public String toString() {
            return "RateLimiter[" + shared.name + " (one key), " + shared.settings.description + "]";
        }
    }
}
