package dev.resilience.spring.boot.autoconfigure.internal;

import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.TimeoutConfig;
import io.micrometer.context.ContextSnapshotFactory;

/**
 * {@link ContextPropagation} through Micrometer's context-propagation library: a snapshot of every registered
 * {@code ThreadLocalAccessor} is captured on the thread that submits the task and restored around the task on
 * the thread that runs it. Capturing and restoring are guarded (see {@link ContextRestoringScheduler}): an
 * accessor that throws costs the task its context, never the task. The only classes of the starter that refer
 * to the library are this one and {@link ContextRestoringScheduler}; loaded only when it is on the classpath.
 * Thread-safe. Internal: not part of the public API.
 */
public final class MicrometerContextPropagation implements ContextPropagation {

    private final ContextSnapshotFactory snapshots;

    public MicrometerContextPropagation() {
        this(ContextSnapshotFactory.builder().build());
    }

    public MicrometerContextPropagation(ContextSnapshotFactory snapshots) {
        this.snapshots = snapshots;
    }

    @Override
    public RetryConfig retry(RetryConfig config) {
        ScheduledExecutorService scheduler = config.scheduler();
        if (scheduler instanceof ContextRestoringScheduler) {
            return config;
        }
        return RetryConfig.from(config).scheduler(new ContextRestoringScheduler(scheduler, snapshots)).build();
    }

    @Override
    public TimeoutConfig timeout(TimeoutConfig config) {
        if (config.taskDecorator() instanceof Propagating) {
            return config;
        }
        return TimeoutConfig.from(config).taskDecorator(new Propagating(snapshots, config.taskDecorator())).build();
    }

    @Override
    public ThreadPoolBulkheadConfig threadPoolBulkhead(ThreadPoolBulkheadConfig config) {
        if (config.taskDecorator() instanceof Propagating) {
            return config;
        }
        return ThreadPoolBulkheadConfig.from(config)
                .taskDecorator(new Propagating(snapshots, config.taskDecorator())).build();
    }

    /**
     * A task decorator that captures the context where the task is submitted; the user's decorator, if any,
     * runs inside the restored context.
     */
    private record Propagating(ContextSnapshotFactory snapshots, Function<Runnable, Runnable> delegate)
            implements Function<Runnable, Runnable> {

        @Override
        public Runnable apply(Runnable task) {
            return ContextRestoringScheduler.inContext(snapshots, delegate.apply(task));
        }
    }
}
