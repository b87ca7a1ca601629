package dev.resilience.store;

import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.spi.CircuitBreakerStore;
import dev.resilience.circuitbreaker.spi.CircuitState;
import dev.resilience.circuitbreaker.spi.Permits;
import dev.resilience.circuitbreaker.spi.SlidingWindow;
import dev.resilience.core.Ticker;
import dev.resilience.store.spi.BreakerRecord;
import dev.resilience.store.spi.BreakerWrite;
import dev.resilience.store.spi.OutcomeCounts;
import dev.resilience.store.spi.StoreBackend;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One breaker's state on a {@link SharedStore}.
 *
 * <h2>Local and remote epochs</h2>
 * The breaker's {@link CircuitState}s carry local epochs, strictly increasing in this JVM whatever the store
 * does (the breaker orders its timers by them). The store's record has an epoch of its own; {@link #remoteEpoch}
 * is the remote epoch the current local state corresponds to, and every write is a compare-and-set on it.
 * Windows and permits are bound to the remote epoch of their period before the period is published.
 *
 * <h2>Locking</h2>
 * {@link #state} is read without a lock. Every change of it ({@link #compareAndSet} from a caller, adopting a
 * record on the store's thread) happens under {@link #lock}, which is held across the remote write: transitions
 * are rare, and holding it makes "compare locally, write remotely, publish locally" one step.
 */
final class SharedCircuitBreakerStore implements CircuitBreakerStore {

    private static final long ABSENT = StoreBackend.ABSENT;

    final SharedStore shared;
    final String name;
    private final Ticker ticker;
    /** Makes the in-memory windows and permits that the shared ones count into locally. */
    private final CircuitBreakerStore local;
    private final ReentrantLock lock = new ReentrantLock();
    private final AtomicBoolean flushQueued = new AtomicBoolean();

    private volatile CircuitState state;
    private volatile Observer observer;
    /** The remote epoch {@link #state} corresponds to, {@link StoreBackend#ABSENT} when unknown; guarded by lock. */
    private long remoteEpoch = ABSENT;
    /** A local transition made while degraded, not yet in the store; guarded by lock. */
    private boolean dirty;
    /** Consecutive polls that found no record in the store; guarded by lock. */
    private int absentReads;
    /** The state shown while degraded with {@link OutagePolicy#FAIL_CLOSED}; guarded by lock. */
    private CircuitState failClosedState;
    /** The shape of the windows of adopted CLOSED / METRICS_ONLY / DISABLED periods. */
    private volatile CircuitBreakerConfig.SlidingWindowType windowType;
    private volatile int windowSize;
    private volatile int minimumNumberOfCalls;
    private volatile int permitted;

    SharedCircuitBreakerStore(SharedStore shared, String name, CircuitBreakerConfig config) {
        this.shared = shared;
        this.name = name;
        this.ticker = config.ticker();
        this.local = CircuitBreakerStore.inMemory().create(name, config);
        this.windowType = config.slidingWindowType();
        this.windowSize = config.slidingWindowSize();
        this.minimumNumberOfCalls = config.minimumNumberOfCalls();
        this.permitted = config.permittedNumberOfCallsInHalfOpenState();
        if (!shared.degraded) {
            try {
                BreakerRecord existing = shared.await(() -> shared.backend.read(name));
                if (existing != null) {
                    lock.lock();
                    try {
                        adopt(existing);
                    } finally {
                        lock.unlock();
                    }
                }
            } catch (StoreUnavailable unavailable) {
                // Starts locally; the first successful probe publishes or adopts.
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // CircuitBreakerStore
    // ---------------------------------------------------------------------------------------------------------

    @Override
    public CircuitState state() {
        return state;
    }

    @Override
    public boolean compareAndSet(CircuitState expected, CircuitState next) {
        lock.lock();
        try {
            if (state != expected) {
                return false;
            }
            if (shared.degraded) {
                installLocally(next);
                return true;
            }
            BreakerWrite write;
            long nextRemote = Math.max(remoteEpoch, 0L) + 1;
            try {
                write = write(remoteEpoch, next, nextRemote);
                if (!write.applied() && write.current() == null) {
                    // The store lost the record (restart, flush, expiry): create it again.
                    write = write(ABSENT, next, nextRemote);
                }
            } catch (StoreUnavailable unavailable) {
                installLocally(next);
                return true;
            }
            if (write.applied()) {
                install(next, nextRemote);
                dirty = false;
                return true;
            }
            CircuitState previous = state;
            CircuitState winner = adopt(write.current());
            tellAdopted(previous, winner);
            return false;
        } finally {
            lock.unlock();
        }
    }

    private BreakerWrite write(long expectedRemote, CircuitState next, long nextRemote) throws StoreUnavailable {
        long periodMillis = next.periodNanos() == CircuitState.UNLIMITED ? BreakerRecord.UNLIMITED
                : Math.max(0L, (next.periodNanos() + 999_999L) / 1_000_000L);
        String origin = shared.options.instanceId();
        return shared.await(() -> shared.backend.compareAndSet(name, expectedRemote, next.state(), nextRemote,
                periodMillis, origin));
    }

    @Override
    public SlidingWindow newWindow(CircuitBreakerConfig.SlidingWindowType type, int size, int minimumNumberOfCalls) {
        return new SharedWindow(this, type, size, minimumNumberOfCalls, local.newWindow(type, size, minimumNumberOfCalls));
    }

    @Override
    public Permits newPermits(int permits) {
        return new SharedPermits(this, permits, local.newPermits(permits));
    }

    @Override
    public void bind(Observer observer) {
        this.observer = observer;
    }

    @Override
    public StoreInfo info() {
        return shared.info();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Installing and adopting states (lock held)
    // ---------------------------------------------------------------------------------------------------------

    /** Publishes a state the store does not know yet (an outage): its window and permits stay unbound. */
    private void installLocally(CircuitState next) {
        state = next;
        dirty = true;
    }

    /** Binds {@code next}'s window and permits to {@code remote} and publishes it. */
    private void install(CircuitState next, long remote) {
        if (remote != ABSENT) {
            bindPeriod(next, remote);
        }
        CircuitBreaker.State s = next.state();
        if ((s == CircuitBreaker.State.CLOSED || s == CircuitBreaker.State.METRICS_ONLY
                || s == CircuitBreaker.State.DISABLED) && next.window() instanceof SharedWindow) {
            SharedWindow w = (SharedWindow) next.window();
            windowType = w.type;
            windowSize = w.size;
            minimumNumberOfCalls = w.minimumNumberOfCalls;
        }
        remoteEpoch = remote;
        state = next;
    }

    private void bindPeriod(CircuitState period, long remote) {
        SlidingWindow window = period.window();
        if (window instanceof SharedWindow && ((SharedWindow) window).owner == this) {
            ((SharedWindow) window).bindIfUnbound(remote, period.state() == CircuitBreaker.State.HALF_OPEN);
        }
        Permits permits = period.permits();
        if (permits instanceof SharedPermits) {
            ((SharedPermits) permits).bindIfUnbound(remote);
            permitted = ((SharedPermits) permits).permitted;
        }
    }

    /** Makes the store's record the local state: a new local epoch, windows and permits bound to the record's. */
    private CircuitState adopt(BreakerRecord record) {
        CircuitState previous = state;
        long now = ticker.read();
        long ageMillis = Math.max(0L, record.storeTimeMillis() - record.sinceMillis());
        long since = now - Math.min(ageMillis, Long.MAX_VALUE / 2_000_000L) * 1_000_000L;
        long period = record.periodMillis() < 0 ? CircuitState.UNLIMITED
                : record.periodMillis() >= Long.MAX_VALUE / 1_000_000L ? CircuitState.UNLIMITED
                : record.periodMillis() * 1_000_000L;
        SlidingWindow window;
        Permits permits = null;
        switch (record.state()) {
            case OPEN:
            case FORCED_OPEN:
                // Like the in-memory breaker, an open period shows the window that made it open.
                window = previous != null ? previous.window() : boundWindow(record.epoch());
                break;
            case HALF_OPEN: {
                int trialCalls = permitted;
                SharedWindow trial = new SharedWindow(this, CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                        trialCalls, trialCalls, local.newWindow(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED,
                                trialCalls, trialCalls));
                trial.bindIfUnbound(record.epoch(), true);
                SharedPermits trialPermits = new SharedPermits(this, trialCalls, local.newPermits(trialCalls));
                trialPermits.bindIfUnbound(record.epoch());
                window = trial;
                permits = trialPermits;
                break;
            }
            default:
                window = boundWindow(record.epoch());
        }
        long localEpoch = previous == null ? 0L : previous.epoch() + 1;
        String origin = record.origin().isEmpty() ? null : record.origin();
        CircuitState adopted = new CircuitState(record.state(), localEpoch, since, period, window, permits, origin);
        remoteEpoch = record.epoch();
        dirty = false;
        failClosedState = null;
        state = adopted;
        return adopted;
    }

    private SharedWindow boundWindow(long remote) {
        SharedWindow window = (SharedWindow) newWindow(windowType, windowSize, minimumNumberOfCalls);
        window.bindIfUnbound(remote, false);
        return window;
    }

    private void tellAdopted(CircuitState previous, CircuitState current) {
        Observer o = observer;
        if (o != null && previous != null) {
            shared.execute(() -> o.adopted(previous, current));
        }
    }

    /** Writes the local state to the store (after an outage, or when the store lost the record). Lock held. */
    private void publishLocal(long expectedRemote) throws StoreUnavailable {
        CircuitState current = state;
        long nextRemote = Math.max(Math.max(remoteEpoch, expectedRemote), 0L) + 1;
        BreakerWrite write = write(expectedRemote, current, nextRemote);
        if (write.applied()) {
            carryOnUnder(current, nextRemote);
        } else if (write.current() != null) {
            tellAdopted(current, adopt(write.current()));
        }
    }

    /** The current period goes on under the remote epoch {@code remote}: its window and permits follow. Lock held. */
    private void carryOnUnder(CircuitState current, long remote) {
        if (current.window() instanceof SharedWindow && ((SharedWindow) current.window()).owner == this) {
            ((SharedWindow) current.window()).rebind(remote, current.state() == CircuitBreaker.State.HALF_OPEN);
        }
        if (current.permits() instanceof SharedPermits) {
            ((SharedPermits) current.permits()).epoch = remote;
        }
        install(current, remote);
        dirty = false;
        absentReads = 0;
    }

    /**
     * Whether {@code record} is this instance's own write of the state it is in, which the store applied but
     * whose answer was lost (late, or a connection cut; the state was then installed locally, "dirty"): the
     * store already has it, so it is no transition to adopt and announce, only the remote epoch the current
     * period now has. Lock held.
     */
    private boolean isOwnUnacknowledgedWrite(BreakerRecord record, CircuitState current) {
        return remoteEpoch == ABSENT && record.state() == current.state()
                && shared.options.instanceId().equals(record.origin());
    }

    // ---------------------------------------------------------------------------------------------------------
    // The store's thread
    // ---------------------------------------------------------------------------------------------------------

    /** A record from the backend's notifications. */
    void offer(BreakerRecord record) {
        CircuitState previous;
        CircuitState adopted;
        lock.lock();
        try {
            if (shared.degraded || (remoteEpoch != ABSENT && record.epoch() <= remoteEpoch)) {
                return; // our own write, an old message, or an outage (the resynchronisation catches up)
            }
            previous = state;
            adopted = adopt(record);
        } finally {
            lock.unlock();
        }
        tellAdopted(previous, adopted);
    }

    /** The safety-net poll: re-reads the record, adopts a newer one, recreates a lost one. */
    void poll() {
        shared.async(() -> shared.backend.read(name), (record, failure) -> {
            if (failure != null) {
                shared.failed(failure);
                return;
            }
            lock.lock();
            try {
                if (shared.degraded || state == null) {
                    return;
                }
                if (record == null) {
                    // Lost (a restart without persistence, an expiry). An instance that changed the state while
                    // the store was away writes it back at once; the others wait one more poll, so that its
                    // state wins over their unchanged one.
                    remoteEpoch = ABSENT;
                    if (dirty || ++absentReads >= 2) {
                        publishLocal(ABSENT);
                    }
                    return;
                }
                absentReads = 0;
                if (isOwnUnacknowledgedWrite(record, state)) {
                    carryOnUnder(state, record.epoch());
                } else if (remoteEpoch == ABSENT || record.epoch() > remoteEpoch) {
                    CircuitState previous = state;
                    tellAdopted(previous, adopt(record));
                } else if (record.epoch() < remoteEpoch) {
                    // The store went back in time (restored, failed over): our state is the newer one.
                    publishLocal(record.epoch());
                }
            } catch (StoreUnavailable unavailable) {
                // Degraded now; the probe resynchronises.
            } finally {
                lock.unlock();
            }
        });
    }

    /** After an outage: publish what changed here if nobody changed the store meanwhile, else adopt the store's. */
    void resynchronize() {
        lock.lock();
        try {
            CircuitState current = state;
            if (current == null) {
                return;
            }
            BreakerRecord record = shared.await(() -> shared.backend.read(name));
            boolean showingFailClosed = failClosedState != null && current == failClosedState;
            if (record == null) {
                if (showingFailClosed) {
                    failClosedState = null;
                    CircuitState closed = new CircuitState(CircuitBreaker.State.CLOSED, current.epoch() + 1,
                            ticker.read(), CircuitState.UNLIMITED,
                            newWindow(windowType, windowSize, minimumNumberOfCalls), null);
                    state = closed;
                    tellAdopted(current, closed);
                    publishLocal(ABSENT);
                } else if (dirty) {
                    publishLocal(ABSENT);
                } else {
                    // Unchanged here: let an instance that changed the state during the outage write it first.
                    remoteEpoch = ABSENT;
                    absentReads = 1;
                }
            } else if (dirty && !showingFailClosed && record.epoch() == remoteEpoch) {
                publishLocal(remoteEpoch);
            } else if (!showingFailClosed && isOwnUnacknowledgedWrite(record, current)) {
                carryOnUnder(current, record.epoch());
            } else if (showingFailClosed || record.epoch() != remoteEpoch) {
                tellAdopted(current, adopt(record));
            } else if (current.window() instanceof SharedWindow) {
                ((SharedWindow) current.window()).discardPending();
            }
            dirty = false;
        } catch (StoreUnavailable unavailable) {
            // Failed again: the next probe starts over.
        } finally {
            lock.unlock();
        }
    }

    /** With {@link OutagePolicy#FAIL_CLOSED}, at the start of an outage: show FORCED_OPEN, reject every call. */
    void failClosed() {
        CircuitState previous;
        CircuitState closedDown;
        lock.lock();
        try {
            previous = state;
            if (previous == null || !shared.degraded || previous == failClosedState) {
                return;
            }
            closedDown = new CircuitState(CircuitBreaker.State.FORCED_OPEN, previous.epoch() + 1, ticker.read(),
                    CircuitState.UNLIMITED, previous.window(), null);
            failClosedState = closedDown;
            state = closedDown;
        } finally {
            lock.unlock();
        }
        tellAdopted(previous, closedDown);
    }

    /** Sends the current period's new outcomes, and acts on the fleet's totals. */
    void flush() {
        CircuitState period = state;
        if (period == null) {
            return;
        }
        CircuitBreaker.State s = period.state();
        if (s != CircuitBreaker.State.CLOSED && s != CircuitBreaker.State.HALF_OPEN
                && s != CircuitBreaker.State.METRICS_ONLY) {
            return;
        }
        if (!(period.window() instanceof SharedWindow)) {
            return;
        }
        SharedWindow window = (SharedWindow) period.window();
        if (window.owner != this || !window.isBound() || window.inFlight) {
            return;
        }
        long now = ticker.read();
        boolean stale = now - window.lastFleetReadNanos >= shared.pollNanos || window.lastFleetReadNanos == 0;
        if (!window.hasPending() && !stale) {
            return;
        }
        OutcomeCounts batch = window.drain();
        long epoch = window.epoch;
        window.inFlight = true;
        shared.async(() -> shared.backend.recordOutcomes(name, epoch, window.type, window.size, batch),
                (totals, failure) -> {
                    window.inFlight = false;
                    if (failure != null) {
                        shared.failed(failure);
                        return;
                    }
                    if (totals == null) {
                        // Our period is over in the store (a notification is on its way, the poll catches up)
                        // or the store lost the record (the poll recreates it).
                        return;
                    }
                    long rates = window.fleetTotals(totals, ticker.read());
                    Observer o = observer;
                    if (rates != SlidingWindow.NO_RATES && o != null && state == period && !shared.degraded) {
                        o.ratesChanged(period, rates);
                    }
                    if (window.trial && window.hasPending()) {
                        flushSoon();
                    }
                });
    }

    /** Queues a flush of this breaker now (trial outcomes). */
    void flushSoon() {
        if (flushQueued.compareAndSet(false, true)) {
            shared.execute(() -> {
                flushQueued.set(false);
                flush();
            });
        }
    }

    @Override
    public String toString() {
        return "SharedCircuitBreakerStore[" + name + ", " + state + ", " + shared.info() + "]";
    }
}
