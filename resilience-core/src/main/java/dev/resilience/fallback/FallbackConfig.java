package dev.resilience.fallback;

import java.time.Clock;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link Fallback} is configured with besides its handlers (which are code, not configuration): the
 * failure types that trigger it, those that never do, and the clock that timestamps its events. Made by
 * {@link Fallback.Builder#build()}; {@link #of} makes one for a fallback implemented elsewhere (the Spring
 * starter's {@code @Fallback}). Immutable and thread-safe.
 *
 * @since 0.2.0
 */
public final class FallbackConfig {

    private final List<Class<? extends Throwable>> applyOn;
    private final List<Class<? extends Throwable>> ignore;
    private final Clock clock;

    private FallbackConfig(List<Class<? extends Throwable>> applyOn, List<Class<? extends Throwable>> ignore,
            Clock clock) {
        this.applyOn = List.copyOf(applyOn);
        this.ignore = List.copyOf(ignore);
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * A configuration.
     *
     * @param applyOn the types that trigger the fallback, subclasses included; empty means every {@link Exception}
     * @param ignore the types that never trigger it, even when they match {@code applyOn}
     * @param clock timestamps the fallback's events
     */
    public static FallbackConfig of(List<Class<? extends Throwable>> applyOn,
            List<Class<? extends Throwable>> ignore, Clock clock) {
        return new FallbackConfig(applyOn, ignore, clock);
    }

    /** The types that trigger the fallback, as given; empty means every {@link Exception}. */
    public List<Class<? extends Throwable>> applyOn() {
        return applyOn;
    }

    /** The types that never trigger the fallback, as given. */
    public List<Class<? extends Throwable>> ignore() {
        return ignore;
    }

    /** The clock that timestamps events; default {@link Clock#systemUTC()}. */
    public Clock clock() {
        return clock;
    }

    @Override
    public String toString() {
        return "FallbackConfig[applyOn=" + applyOn + ", ignore=" + ignore + "]";
    }
}
