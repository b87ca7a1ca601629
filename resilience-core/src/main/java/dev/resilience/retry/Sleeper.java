package dev.resilience.retry;

import java.util.concurrent.TimeUnit;

/**
 * Waits between two synchronous attempts. The retry calls it on the caller's thread with the wait it
 * computed; asynchronous retries never use it (they schedule the next attempt instead).
 *
 * <p>Tests inject a sleeper that records the waits and returns at once, so they never sleep.
 *
 * <p><b>Interrupts.</b> A sleeper reports an interrupt by throwing {@link InterruptedException}, as
 * {@link Thread#sleep} does. The retry then makes no further attempt: it sets the thread's interrupt flag
 * again and ends the call with the last failure of the call (the {@code InterruptedException} added to it as
 * suppressed), or with the last result when the call was being retried because of its result. It never
 * throws the {@code InterruptedException} itself, because the protected method does not necessarily declare
 * it. Any other exception a sleeper throws ends the call with that exception.
 *
 * <p>Implementations must be thread-safe: one sleeper serves every call of a retry.
 *
 * @see RetryConfig.Builder#sleeper(Sleeper)
 * @since 0.1.0
 */
@FunctionalInterface
public interface Sleeper {

    /**
     * Waits for {@code nanos} nanoseconds (always greater than zero: the retry does not call the sleeper for a
     * zero wait).
     *
     * @param nanos the wait, in nanoseconds
     * @throws InterruptedException when the thread was interrupted before or during the wait
     */
    void sleep(long nanos) throws InterruptedException;

    /**
     * The default sleeper: {@link TimeUnit#sleep} on the calling thread, which behaves like
     * {@link Thread#sleep} (millisecond precision on most platforms; an interrupt clears the flag and throws).
     */
    static Sleeper system() {
        return SystemSleeper.INSTANCE;
    }
}

/** The {@link Sleeper#system()} singleton; an enum so it has a readable {@code toString} and no state. */
enum SystemSleeper implements Sleeper {
    INSTANCE;

    @Override
    public void sleep(long nanos) throws InterruptedException {
        TimeUnit.NANOSECONDS.sleep(nanos);
    }

    @Override
    public String toString() {
        return "Sleeper.system()";
    }
}
