package dev.resilience.circuitbreaker;

import dev.resilience.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proves that protected calls allocate nothing, with the JVM's own per-thread allocation counter: each path
 * is warmed up (so the JIT has compiled it), then run a million times, and the bytes this thread allocated
 * are divided by the number of calls. A single allocated object per call would show as 16 bytes or more.
 */
class CircuitBreakerAllocationTest {

    static final int WARM_UP = 300_000;
    static final int CALLS = 1_000_000;

    static com.sun.management.ThreadMXBean threads;

    long sink;

    @BeforeAll
    static void allocationCounter() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "this JVM cannot count allocated bytes");
        threads = (com.sun.management.ThreadMXBean) bean;
        threads.setThreadAllocatedMemoryEnabled(true);
    }

    static CircuitBreakerConfig.Builder config() {
        return CircuitBreakerConfig.builder().slidingWindowSize(100).minimumNumberOfCalls(100);
    }

    @Test
    void aSuccessfulSupplierCallInClosedState() {
        CircuitBreaker cb = CircuitBreaker.of("alloc", config().build());
        Supplier<String> call = () -> "ok";

        double perCall = bytesPerCall(() -> sink += cb.executeSupplier(call).length());

        assertThat(perCall).isLessThan(0.1);
        assertThat(cb.state()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void aSuccessfulCallThroughTheExecutePrimitiveAndDecorators() {
        CircuitBreaker cb = CircuitBreaker.of("alloc", config().build());
        CheckedSupplier<String> checked = () -> "ok";
        Supplier<String> decorated = cb.decorateSupplier(() -> "ok");
        Runnable runnable = cb.decorateRunnable(() -> sink++);

        double perCall = bytesPerCall(() -> {
            try {
                sink += cb.execute(checked, Chain.terminal()).length();
            } catch (Throwable e) {
                throw new AssertionError(e);
            }
            sink += decorated.get().length();
            runnable.run();
        });

        assertThat(perCall).isLessThan(0.1);
    }

    @Test
    void aSuccessfulCallWithATimeBasedWindowAndAPrimitiveListener() {
        CircuitBreaker cb = CircuitBreaker.of("alloc",
                config().slidingWindowType(SlidingWindowType.TIME_BASED).slidingWindowSize(10).build());
        cb.addListener(new CircuitBreakerListener() {
            @Override
            public void onSuccess(CircuitBreaker circuitBreaker, long durationNanos) {
                sink += durationNanos;
            }
        });
        Supplier<String> call = () -> "ok";

        double perCall = bytesPerCall(() -> sink += cb.executeSupplier(call).length());

        assertThat(perCall).isLessThan(0.1);
    }

    @Test
    void theLowLevelApi() {
        CircuitBreaker cb = CircuitBreaker.of("alloc", config().build());

        double perCall = bytesPerCall(() -> {
            if (cb.tryAcquirePermission()) {
                long start = cb.currentTimeNanos();
                sink++;
                cb.onSuccess(cb.currentTimeNanos() - start);
            }
        });

        assertThat(perCall).isLessThan(0.1);
    }

    @Test
    void aRecordedFailureInMetricsOnlyState() {
        CircuitBreaker cb = CircuitBreaker.of("alloc", config().build());
        cb.transitionToMetricsOnlyState(); // records every failure but never opens
        IllegalStateException failure = new IllegalStateException("prepared once");
        Supplier<String> failing = () -> {
            throw failure;
        };

        double perCall = bytesPerCall(() -> {
            try {
                cb.executeSupplier(failing);
            } catch (IllegalStateException expected) {
                sink++;
            }
        });

        assertThat(perCall).isLessThan(0.1);
        assertThat(cb.metrics().failureRate()).isEqualTo(100f);
    }

    @Test
    void anOpenOrForcedOpenRejectionAllocatesNothing() {
        CircuitBreaker open = CircuitBreaker.of("open", config().build());
        open.transitionToOpenState();
        CircuitBreaker forced = CircuitBreaker.of("forced", config().build());
        forced.transitionToForcedOpenState();
        Supplier<String> call = () -> "never";

        double perCall = bytesPerCall(() -> {
            try {
                open.executeSupplier(call);
            } catch (CallNotPermittedException expected) {
                sink++;
            }
            try {
                forced.executeSupplier(call);
            } catch (CallNotPermittedException expected) {
                sink++;
            }
            if (!open.tryAcquirePermission()) {
                sink++;
            }
        });

        assertThat(perCall).isLessThan(0.1);
        assertThat(open.metrics().notPermittedCalls()).isEqualTo(2L * (WARM_UP + CALLS));
    }

    private double bytesPerCall(Runnable call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.run();
        }
        long thread = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < CALLS; i++) {
            call.run();
        }
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        double perCall = (double) allocated / CALLS;
        System.out.printf("%d calls allocated %d bytes: %.4f B/call%n", CALLS, allocated, perCall);
        return perCall;
    }
}
