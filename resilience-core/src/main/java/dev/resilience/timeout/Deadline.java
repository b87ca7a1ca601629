package dev.resilience.timeout;

import dev.resilience.core.CallContext;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.Ticker;
import dev.resilience.core.TimeLimit;
import dev.resilience.core.internal.CallScope;
import dev.resilience.core.internal.DurationFormat;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An absolute point in time by which a piece of work must be done, shared by the nested calls of one request
 * (as aioresilience's {@code DeadlineManager} or gRPC's deadlines do).
 *
 * <p>A plain {@link Timeout} gives each call its own duration, so three nested 1 s timeouts may together wait
 * 3 s. A deadline is absolute: {@link #run(Deadline, CheckedSupplier)} makes it {@linkplain #current() current}
 * for the calling thread, and every {@link Timeout} started inside waits at most
 * {@code min(its own timeout-duration, remaining())}. A {@code Timeout} also establishes a deadline for what it
 * runs (on the caller's thread, or on the worker thread it uses in worker mode), so an inner timeout never
 * waits past an outer one. When the deadline, not the own duration, is what runs out, the
 * {@link TimeoutExceededException} says so
 * ({@link TimeoutExceededException#deadlineExceeded()}).
 *
 * <p>The current deadline is the {@linkplain CallContext#deadline() deadline of the call context} of the thread:
 * it follows synchronous nesting on one thread and is handed over by {@code Timeout} to its worker thread
 * (worker mode), and by the bulkheads to the thread that starts a queued call (a thread-pool bulkhead's thread,
 * or whichever thread frees a permit). A semaphore bulkhead never waits for a permit past it. Work that you
 * hand to other threads yourself does not see it unless you pass it along
 * ({@code Deadline d = Deadline.current().orElse(null)} on one side, {@code Deadline.run(d, ...)} on the other).
 * An asynchronous {@code Timeout} reads the current deadline once, when the call starts.
 *
 * <p>Time is read from a {@link Ticker}: {@link Ticker#system()} unless one is given, so tests can move time
 * by hand. Immutable and thread-safe.
 *
 * @see Timeout
 * @since 0.1.0
 */
public final class Deadline implements TimeLimit {

    private final long deadlineNanos;
    private final Ticker ticker;

    private Deadline(long deadlineNanos, Ticker ticker) {
        this.deadlineNanos = deadlineNanos;
        this.ticker = ticker;
    }

    /**
     * A deadline {@code duration} from now on {@link Ticker#system()}.
     *
     * @param duration not negative; zero gives an already expired deadline; durations beyond about 292 years
     *        are capped there
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static Deadline after(Duration duration) {
        return after(duration, Ticker.system());
    }

    /**
     * A deadline {@code duration} from now on {@code ticker}.
     *
     * @param duration not negative; zero gives an already expired deadline
     * @param ticker the time source the deadline is measured on
     * @throws IllegalArgumentException when {@code duration} is negative
     */
    public static Deadline after(Duration duration, Ticker ticker) {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(ticker, "ticker");
        if (duration.isNegative()) {
            throw new IllegalArgumentException("Invalid deadline duration (" + duration + "): must not be negative");
        }
        // Two's-complement arithmetic: (now + d) - later == d - elapsed even when the sum wraps around.
        return new Deadline(ticker.read() + DurationFormat.saturatedNanos(duration), ticker);
    }

    /**
     * The deadline at the reading {@code deadlineNanos} of {@code ticker}, for callers that already read the
     * ticker.
     */
    public static Deadline at(long deadlineNanos, Ticker ticker) {
        return new Deadline(deadlineNanos, Objects.requireNonNull(ticker, "ticker"));
    }

    /**
     * The deadline current on this thread: the innermost {@link #run} in progress, or the one a
     * {@link Timeout} established for the call it runs. Empty when there is none.
     */
    public static Optional<Deadline> current() {
        TimeLimit current = CallContext.deadline();
        // Every TimeLimit this library makes current is a Deadline; another one is seen through a snapshot.
        if (current == null || current instanceof Deadline) {
            return Optional.ofNullable((Deadline) current);
        }
        return Optional.of(after(Duration.ofNanos(current.remainingNanos())));
    }

    /**
     * Runs {@code call} on this thread with {@code deadline} current, then restores the previous one. When a
     * deadline is already current and ends earlier, that earlier one stays in force: a nested deadline can
     * shorten the time left, never extend it.
     *
     * <p>The deadline only bounds the {@link Timeout}s started inside; it does not interrupt {@code call}
     * itself.
     *
     * @return what {@code call} returned
     * @throws Throwable whatever {@code call} throws, unchanged
     */
    public static <T> T run(Deadline deadline, CheckedSupplier<? extends T> call) throws Throwable {
        Objects.requireNonNull(deadline, "deadline");
        Objects.requireNonNull(call, "call");
        CallScope scope = CallScope.current();
        TimeLimit previous = scope.deadline;
        scope.deadline = CallScope.earlier(previous, deadline);
        try {
            return call.get();
        } finally {
            scope.deadline = previous;
        }
    }

    /** As {@link #run(Deadline, CheckedSupplier)} with {@code Deadline.after(duration)}. */
    public static <T> T run(Duration duration, CheckedSupplier<? extends T> call) throws Throwable {
        return run(after(duration), call);
    }

    /** The time left, zero once expired. Reads the ticker. */
    public Duration remaining() {
        return Duration.ofNanos(remainingNanos());
    }

    /** The time left in nanoseconds, zero once expired (never negative). Reads the ticker. */
    @Override
    public long remainingNanos() {
        return Math.max(0L, deadlineNanos - ticker.read());
    }

    /** {@code true} once no time is left. Reads the ticker. */
    public boolean isExpired() {
        return deadlineNanos - ticker.read() <= 0;
    }

    /** Whichever of this and {@code other} has less time left (this one on a tie). */
    public Deadline earlier(Deadline other) {
        return other.remainingNanos() < remainingNanos() ? other : this;
    }

    /** The ticker this deadline is measured on. */
    public Ticker ticker() {
        return ticker;
    }

    /** The ticker reading at which this deadline expires. */
    public long deadlineNanos() {
        return deadlineNanos;
    }

    @Override
    public String toString() {
        return "Deadline[" + DurationFormat.formatNanos(remainingNanos()) + " left]";
    }
}
