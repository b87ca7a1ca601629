package dev.resilience.core.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One small daemon scheduler shared by every instance that needs timed work and was not given an executor
 * of its own: automatic open-to-half-open transitions, asynchronous retry delays, asynchronous timeouts.
 * Created on first use, so a program that needs none of it starts no thread. Its tasks only flip state or
 * complete futures; they never run user code for long. Internal: not part of the public API.
 */
public final class SharedScheduler {

    private SharedScheduler() {
    }

    /** The shared scheduler. */
    public static ScheduledExecutorService get() {
        return Holder.INSTANCE;
    }

    private static final class Holder {
        static final ScheduledExecutorService INSTANCE = create();

        private static ScheduledExecutorService create() {
            AtomicInteger counter = new AtomicInteger();
            ThreadFactory factory = task -> {
                Thread thread = new Thread(task, "resilience-scheduler-" + counter.incrementAndGet());
                thread.setDaemon(true);
                return thread;
            };
            ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, factory);
            executor.setRemoveOnCancelPolicy(true);
            return executor;
        }
    }
}
