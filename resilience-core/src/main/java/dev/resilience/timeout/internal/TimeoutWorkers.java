package dev.resilience.timeout.internal;

import dev.resilience.core.internal.ElasticPool;

import java.lang.reflect.Method;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The default workers that run synchronous calls under a timeout, shared by every timeout that was not given
 * an executor of its own, created on first use.
 *
 * <p>On a JDK with virtual threads (21+) it is {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up
 * reflectively because the library is compiled for Java 17: a call blocked in I/O then costs no platform
 * thread. Otherwise it is a pool of at most {@value #MAX_PLATFORM_THREADS} daemon threads named
 * {@code resilience-timeout-N}: idle threads are reused, new ones start only when none is idle, and idle ones
 * end after {@value #KEEP_ALIVE_SECONDS} s. When all {@value #MAX_PLATFORM_THREADS} are busy, further calls
 * queue for a thread while the caller's timeout keeps running (so a saturated pool shows up as timeouts,
 * never as unbounded thread creation). Internal: not part of the public API.
 */
public final class TimeoutWorkers {

    /** The bound of the platform-thread fallback. */
    public static final int MAX_PLATFORM_THREADS = 256;

    static final long KEEP_ALIVE_SECONDS = 30;

    private TimeoutWorkers() {
    }

    /** The shared default executor. */
    public static ExecutorService get() {
        return Holder.INSTANCE;
    }

    /** {@code true} when the default executor runs each call on a new virtual thread. */
    public static boolean usesVirtualThreads() {
        return Holder.VIRTUAL;
    }

    private static final class Holder {
        static final ExecutorService VIRTUAL_EXECUTOR = virtualThreadExecutor();
        static final boolean VIRTUAL = VIRTUAL_EXECUTOR != null;
        static final ExecutorService INSTANCE = VIRTUAL ? VIRTUAL_EXECUTOR : platformThreadPool();
    }

    /** The virtual-thread executor, or {@code null} on a JDK without one (or with it only as a preview). */
    static ExecutorService virtualThreadExecutor() {
        try {
            Method factory = Executors.class.getMethod("newVirtualThreadPerTaskExecutor");
            return (ExecutorService) factory.invoke(null);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError unavailable) {
            // JDK 17: no such method; JDK 19/20 without --enable-preview: UnsupportedOperationException.
            return null;
        }
    }

    static ExecutorService platformThreadPool() {
        return ElasticPool.create("resilience-timeout-", MAX_PLATFORM_THREADS, KEEP_ALIVE_SECONDS);
    }
}
