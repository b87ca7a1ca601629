package dev.resilience.core.internal;

import java.util.concurrent.LinkedTransferQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A pool of daemon threads that grows when no thread is idle, up to a bound, and shrinks when threads stay
 * idle: idle threads are reused, new ones start only when none is idle, and at the bound further tasks queue
 * for the next free thread (never rejected, never an unbounded number of threads). Internal: not part of the
 * public API.
 */
public final class ElasticPool {

    private ElasticPool() {
    }

    /**
     * A new pool of at most {@code maxThreads} daemon threads named {@code <namePrefix>N}, whose idle threads
     * end after {@code keepAliveSeconds}.
     */
    public static ThreadPoolExecutor create(String namePrefix, int maxThreads, long keepAliveSeconds) {
        AtomicInteger counter = new AtomicInteger();
        ThreadFactory factory = task -> {
            Thread thread = new Thread(task, namePrefix + counter.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        HandOffQueue queue = new HandOffQueue();
        // An idle thread takes a task directly; otherwise the queue refuses it, so the pool starts a thread,
        // up to the bound; at the bound the rejection handler queues it for the next free thread.
        return new ThreadPoolExecutor(0, maxThreads, keepAliveSeconds, TimeUnit.SECONDS, queue, factory,
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("The pool " + namePrefix + "* is shut down");
                    }
                    queue.enqueue(task);
                });
    }

    /**
     * A queue that accepts a task only when an idle worker is waiting for one ({@link #offer}), so a
     * {@link ThreadPoolExecutor} with core size 0 reuses idle threads and starts new ones up to its maximum,
     * instead of queueing while below it (its usual order) or starting a thread per task (a core size equal
     * to the maximum). Tomcat's {@code TaskQueue} uses the same trick.
     */
    static final class HandOffQueue extends LinkedTransferQueue<Runnable> {
        private static final long serialVersionUID = 1L;

        @Override
        public boolean offer(Runnable task) {
            return tryTransfer(task);
        }

        void enqueue(Runnable task) {
            super.offer(task);
        }
    }
}
