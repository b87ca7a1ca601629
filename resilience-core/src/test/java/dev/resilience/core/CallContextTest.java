package dev.resilience.core;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.timeout.Deadline;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Method;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/** The per-call context: what the call carries down the chain, and the deadline of the thread running it. */
class CallContextTest {

    static final CallContext.Key<Integer> PRIORITY = CallContext.Key.of("priority", Integer.class);

    /** A call that carries its context, as the Spring starter's call of an annotated method does. */
    static final class ContextCall implements CheckedSupplier<String>, CallContext {
        private final Object[] arguments;
        private final CallAttributes attributes = new CallAttributes();

        ContextCall(Object... arguments) {
            this.arguments = arguments;
        }

        @Override
        public String get() {
            return "ran with " + List.of(arguments);
        }

        @Override
        public Method method() {
            try {
                return String.class.getMethod("valueOf", Object.class);
            } catch (NoSuchMethodException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public Object[] arguments() {
            return arguments;
        }

        @Override
        public <T> T attribute(Key<T> key) {
            return attributes.get(key);
        }

        @Override
        public <T> void attribute(Key<T> key, T value) {
            attributes.put(key, value);
        }
    }

    /** Sets the priority from the first argument, as a layer resolving a shedding priority would. */
    static final class PriorityPolicy implements Policy {
        @Override
        public String name() {
            return "priority";
        }

        @Override
        public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
            CallContext context = CallContext.of(call);
            context.attribute(PRIORITY, ((String) context.arguments()[0]).length());
            return next.proceed(call);
        }

        @Override
        public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
            return next.proceed(call);
        }
    }

    /** Records what an inner layer sees of the context. */
    static class Observer implements Policy {
        final List<String> seen = new ArrayList<>();

        @Override
        public String name() {
            return "observer";
        }

        @Override
        public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
            CallContext context = CallContext.of(call);
            seen.add(context.method() + " " + List.of(context.arguments()) + " priority=" + context.attribute(PRIORITY));
            return next.proceed(call);
        }

        @Override
        public <T> CompletionStage<T> executeAsync(Supplier<? extends CompletionStage<T>> call, AsyncChain next) {
            CallContext context = CallContext.of(call);
            seen.add(List.of(context.arguments()) + " on " + Thread.currentThread().getName().startsWith("resilience"));
            return next.proceed(call);
        }
    }

    @Test
    void anInnerPolicySeesTheMethodTheArgumentsAndWhatAnOuterOneSet() throws Throwable {
        Observer observer = new Observer();
        AtomicInteger attempts = new AtomicInteger();
        Observer failingOnce = new Observer() {
            @Override
            public <T> T execute(CheckedSupplier<? extends T> call, Chain next) throws Throwable {
                if (attempts.incrementAndGet() == 1) {
                    throw new IllegalStateException("first attempt");
                }
                return next.proceed(call);
            }
        };
        Retry retry = Retry.of("r", RetryConfig.builder().maxAttempts(2).waitDuration(Duration.ZERO).build());
        Pipeline pipeline = Pipeline.of(new PriorityPolicy(), retry, observer, failingOnce);
        ContextCall call = new ContextCall("tenant", 42);

        String result = pipeline.execute(call);

        assertThat(result).isEqualTo("ran with [tenant, 42]");
        // Both attempts of the retry saw the same context: the attribute lives as long as the call.
        assertThat(observer.seen).containsExactly(
                "public static java.lang.String java.lang.String.valueOf(java.lang.Object) [tenant, 42] priority=6",
                "public static java.lang.String java.lang.String.valueOf(java.lang.Object) [tenant, 42] priority=6");
        assertThat(call.attribute(PRIORITY)).isEqualTo(6);
    }

    @Test
    void theContextTravelsWithAnAsynchronousCallToThePoolThread() throws Exception {
        Observer observer = new Observer();
        try (ThreadPoolBulkhead pool = ThreadPoolBulkhead.of("pool", ThreadPoolBulkheadConfig.builder()
                .coreThreadPoolSize(1).maxThreadPoolSize(1).build())) {
            Pipeline pipeline = Pipeline.of(pool, observer);
            AsyncContextCall call = new AsyncContextCall("async-arg");

            String result = pipeline.executeAsync(call).toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(result).isEqualTo("async");
            assertThat(observer.seen).containsExactly("[async-arg] on true");
        }
    }

    static final class AsyncContextCall implements Supplier<CompletionStage<String>>, CallContext {
        private final Object[] arguments;

        AsyncContextCall(Object... arguments) {
            this.arguments = arguments;
        }

        @Override
        public CompletionStage<String> get() {
            return CompletableFuture.completedFuture("async");
        }

        @Override
        public Object[] arguments() {
            return arguments;
        }
    }

    @Test
    void aPlainCallCarriesNoContext() throws Throwable {
        Observer observer = new Observer();
        CheckedSupplier<String> plain = () -> "plain";

        assertThat(Pipeline.of(observer).execute(plain)).isEqualTo("plain");

        CallContext none = CallContext.of(plain);
        assertThat(none).isSameAs(CallContext.none());
        assertThat(none.method()).isNull();
        assertThat(none.target()).isNull();
        assertThat(none.arguments()).isEmpty();
        assertThat(none.attribute(PRIORITY)).isNull();
        assertThat(observer.seen).containsExactly("null [] priority=null");
        assertThatThrownBy(() -> none.attribute(PRIORITY, 1))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("'priority'");
    }

    @Test
    void attributesAreSetReplacedAndRemovedByIdentityOfTheirKey() {
        CallAttributes attributes = new CallAttributes();
        CallContext.Key<Integer> samelyNamed = CallContext.Key.of("priority", Integer.class);
        CallContext.Key<String> tenant = CallContext.Key.of("tenant", String.class);

        attributes.put(PRIORITY, 1);
        attributes.put(tenant, "acme");
        attributes.put(PRIORITY, 2);

        assertThat(attributes.get(PRIORITY)).isEqualTo(2);
        assertThat(attributes.get(samelyNamed)).isNull();
        attributes.put(PRIORITY, null);
        assertThat(attributes.get(PRIORITY)).isNull();
        assertThat(attributes.get(tenant)).isEqualTo("acme");
        for (int i = 0; i < 10; i++) {
            attributes.put(CallContext.Key.of("k" + i, Integer.class), i);
        }
        assertThat(attributes.get(tenant)).isEqualTo("acme");
    }

    @Test
    void theBulkheadNeverWaitsForAPermitPastTheDeadline() throws Exception {
        Bulkhead bulkhead = Bulkhead.of("b", BulkheadConfig.builder().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofHours(1)).build());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            holder.submit(() -> bulkhead.executeCallable(() -> {
                holding.countDown();
                return release.await(1, TimeUnit.MINUTES);
            }));
            assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

            // An expired deadline: no wait at all, although max-wait-duration is an hour.
            TimeLimit expired = () -> 0L;
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                TimeLimit previous = CallContext.swapDeadline(expired);
                try {
                    assertThatThrownBy(() -> bulkhead.executeSupplier(() -> "never"))
                            .isInstanceOf(BulkheadFullException.class);
                } finally {
                    CallContext.swapDeadline(previous);
                }
            });
            // A deadline 50 ms away: the wait ends with it (the hour would fail the preemptive timeout).
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThatThrownBy(() ->
                    Deadline.run(Duration.ofMillis(50), () -> bulkhead.executeSupplier(() -> "never")))
                    .isInstanceOf(BulkheadFullException.class));
            assertThat(CallContext.deadline()).isNull();
        } finally {
            release.countDown();
            holder.shutdown();
            assertThat(holder.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void theDeadlineIsTheRunningThreadsAndNeverOutlivesItsCall() throws Throwable {
        assertThat(CallContext.deadline()).isNull();
        assertThat(CallContext.remainingNanos()).isEqualTo(Long.MAX_VALUE);
        Deadline deadline = Deadline.after(Duration.ofMinutes(5));
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            Deadline.run(deadline, () -> {
                assertThat(CallContext.deadline()).isSameAs(deadline);
                assertThat(CallContext.remainingNanos()).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(5).toNanos());
                assertThat(CallContext.boundedWait(1_000L)).isEqualTo(1_000L);
                // Another thread does not see it: a context is handed over, never shared by accident.
                assertThat(other.submit(CallContext::deadline).get(10, TimeUnit.SECONDS)).isNull();
                return null;
            });
            assertThat(CallContext.deadline()).isNull();

            // A call under a timeout that fails restores the outer (absent) deadline too.
            Timeout timeout = Timeout.of("t", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(30)).build());
            assertThatThrownBy(() -> timeout.executeSupplier(() -> {
                assertThat(CallContext.deadline()).isNotNull();
                throw new IllegalStateException("boom");
            })).isInstanceOf(IllegalStateException.class);
            assertThat(CallContext.deadline()).isNull();
        } finally {
            other.shutdown();
        }
    }

    @Test
    void aPoolThreadSeesTheSubmittersDeadlineOnlyForThatCall() throws Throwable {
        try (ThreadPoolBulkhead pool = ThreadPoolBulkhead.of("pool", ThreadPoolBulkheadConfig.builder()
                .coreThreadPoolSize(1).maxThreadPoolSize(1).build())) {
            Deadline deadline = Deadline.after(Duration.ofMinutes(5));
            CompletionStage<TimeLimit> withDeadline = Deadline.run(deadline,
                    () -> pool.executeCompletionStage(() -> CompletableFuture.completedFuture(CallContext.deadline())));
            CompletionStage<TimeLimit> without = pool.executeCompletionStage(
                    () -> CompletableFuture.completedFuture(CallContext.deadline()));

            assertThat(withDeadline.toCompletableFuture().get(10, TimeUnit.SECONDS)).isSameAs(deadline);
            assertThat(without.toCompletableFuture().get(10, TimeUnit.SECONDS)).isNull();
        }
    }

    @Test
    void manyThreadsEachSeeOnlyTheirOwnDeadlineAndAttributes() throws Exception {
        int threads = 8;
        int rounds = 2_000;
        CyclicBarrier start = new CyclicBarrier(threads);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int id = t;
                results.add(pool.submit(() -> {
                    start.await();
                    int violations = 0;
                    for (int i = 0; i < rounds; i++) {
                        Deadline own = Deadline.after(Duration.ofSeconds(60 + id));
                        ContextCall call = new ContextCall("t" + id);
                        Integer priority;
                        try {
                            priority = Deadline.run(own, () -> {
                                call.attribute(PRIORITY, id);
                                return CallContext.deadline() == own ? CallContext.of(call).attribute(PRIORITY) : null;
                            });
                        } catch (Throwable failure) {
                            throw new AssertionError(failure);
                        }
                        if (priority == null || priority != id || CallContext.deadline() != null) {
                            violations++;
                        }
                    }
                    return violations;
                }));
            }
            for (Future<Integer> result : results) {
                assertThat(result.get(60, TimeUnit.SECONDS)).isZero();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
