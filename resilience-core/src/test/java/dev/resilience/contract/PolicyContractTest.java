package dev.resilience.contract;

import dev.resilience.bulkhead.Bulkhead;
import dev.resilience.bulkhead.BulkheadConfig;
import dev.resilience.bulkhead.BulkheadFullException;
import dev.resilience.bulkhead.BulkheadListener;
import dev.resilience.bulkhead.ThreadPoolBulkhead;
import dev.resilience.bulkhead.ThreadPoolBulkheadConfig;
import dev.resilience.bulkhead.ThreadPoolBulkheadListener;
import dev.resilience.circuitbreaker.CallNotPermittedException;
import dev.resilience.circuitbreaker.CircuitBreaker;
import dev.resilience.circuitbreaker.CircuitBreakerConfig;
import dev.resilience.circuitbreaker.CircuitBreakerListener;
import dev.resilience.core.Chain;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.AsyncPolicy;
import dev.resilience.core.Pipeline;
import dev.resilience.core.Policy;
import dev.resilience.fallback.Fallback;
import dev.resilience.fallback.FallbackListener;
import dev.resilience.ratelimiter.KeyedRateLimiter;
import dev.resilience.ratelimiter.RateLimitExceededException;
import dev.resilience.ratelimiter.RateLimiter;
import dev.resilience.ratelimiter.RateLimiterConfig;
import dev.resilience.ratelimiter.RateLimiterListener;
import dev.resilience.retry.Retry;
import dev.resilience.retry.RetryConfig;
import dev.resilience.retry.RetryListener;
import dev.resilience.testing.ManualScheduler;
import dev.resilience.timeout.Timeout;
import dev.resilience.timeout.TimeoutConfig;
import dev.resilience.timeout.TimeoutListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The contract every policy keeps, whatever the pattern (issue 9): each pattern, in each of its modes that
 * changes the plumbing, and a full {@link Pipeline} run the same checks.
 * <ul>
 *   <li>a call's value or failure reaches the caller unchanged, the same synchronously and asynchronously (a
 *       fallback turns a failure into its value, both ways);
 *   <li>an {@link Error} thrown by the call propagates as is, and releases what the policy acquired for the
 *       call: the next call is admitted (every bulkhead here has room for one call only);
 *   <li>cancelling the stage a policy returned cancels the call's own stage and releases what it acquired; a
 *       call cancelled while it waits for a permit never starts, and its wake-up is cancelled;
 *   <li>a listener that throws (a {@link RuntimeException} or an {@link Error}, from every callback of the
 *       typed listener and from an event consumer) changes no outcome and no rejection, also when the call's
 *       stage completes after the policy returned;
 *   <li>an interrupted caller stays interrupted (the call's outcome is the pattern's to decide: a bulkhead or
 *       limiter waiting for a permit gives up, the others run the call), and a call that ends with
 *       {@link InterruptedException} ends the policy's work with it, unchanged and without another attempt
 *       (retry never retries it).
 * </ul>
 * The synchronous checks do not apply to the thread-pool bulkhead, which runs calls asynchronously only. A new
 * pattern joins by adding its {@link Subject} to {@link #policies()}.
 */
class PolicyContractTest {

    static final String VALUE = "value";
    static final String FALLBACK_VALUE = "fallback";
    static final long WAIT_SECONDS = 10;

    /**
     * Each policy under test: how to attach listeners to it (each counts its callbacks into the counter given),
     * what it makes of a failure, and how to make it reject the next call ({@code null}: it never rejects).
     */
    record Subject(String name, AsyncPolicy policy, boolean sync, boolean recovers,
                   BiConsumer<Throwable, AtomicInteger> addThrowingListeners, Saturation saturate,
                   AutoCloseable resources, Waiting waiting) {

        /** The policy as a synchronous one: only for subjects that run synchronous calls. */
        Policy syncPolicy() {
            return (Policy) policy;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Supplier<Subject>> policies() {
        return Stream.of(
                named("circuit breaker", PolicyContractTest::circuitBreaker),
                named("retry", PolicyContractTest::retry),
                named("timeout", PolicyContractTest::timeout),
                named("timeout, worker mode", PolicyContractTest::workerTimeout),
                named("semaphore bulkhead", PolicyContractTest::bulkhead),
                named("semaphore bulkhead, waiting for a permit", PolicyContractTest::waitingBulkhead),
                named("thread-pool bulkhead", PolicyContractTest::threadPoolBulkhead),
                named("rate limiter", PolicyContractTest::rateLimiter),
                named("rate limiter, waiting for a permit", PolicyContractTest::waitingRateLimiter),
                named("keyed rate limiter, one key's policy", PolicyContractTest::keyedRateLimiter),
                named("fallback", PolicyContractTest::fallback),
                named("pipeline of every pattern", PolicyContractTest::pipeline));
    }

    /** Puts a policy where it rejects the next call, and tells the rejection expected. */
    @FunctionalInterface
    interface Saturation {
        Class<? extends Throwable> rejectNextCall() throws Exception;
    }

    /**
     * Puts a policy where its next asynchronous call waits (for a permit) instead of starting, and returns the
     * scheduler whose task would end the wait.
     */
    @FunctionalInterface
    interface Waiting {
        ManualScheduler makeNextCallWait();
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeAndClearTheInterrupt() throws Exception {
        Thread.interrupted();
        for (AutoCloseable closeable : toClose) {
            closeable.close();
        }
    }

    private Subject create(Supplier<Subject> factory) {
        Subject subject = factory.get();
        toClose.add(subject.resources());
        return subject;
    }

    // ---- sync/async parity -------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aValueReachesTheCallerUnchangedSyncAndAsync(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);

        if (subject.sync()) {
            assertThat(subject.syncPolicy().executeSupplier(() -> VALUE)).isEqualTo(VALUE);
        }
        assertThat(outcome(subject.policy().executeCompletionStage(() -> CompletableFuture.completedFuture(VALUE))))
                .isEqualTo(VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aFailureReachesTheCallerUnchangedSyncAndAsync(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);
        IllegalStateException failure = new IllegalStateException("the call failed");
        Object expected = subject.recovers() ? FALLBACK_VALUE : failure;

        if (subject.sync()) {
            assertThat(syncOutcome(subject.syncPolicy(), () -> {
                throw failure;
            })).as("sync").isSameAs(expected);
        }
        assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.failedFuture(failure)))
                .as("async, failed stage").isSameAs(expected);
        assertThat(asyncOutcome(subject.policy(), () -> {
            throw failure;
        })).as("async, supplier throws").isSameAs(expected);
    }

    // ---- Error -------------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void anErrorPropagatesAndReleasesWhatWasAcquired(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);
        CallError error = new CallError();

        if (subject.sync()) {
            assertThat(syncOutcome(subject.syncPolicy(), () -> {
                throw error;
            })).as("sync").isSameAs(error);
            assertThat(subject.syncPolicy().executeSupplier(() -> VALUE)).as("the next sync call").isEqualTo(VALUE);
        }
        assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.failedFuture(error)))
                .as("async, failed stage").isSameAs(error);
        assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.completedFuture(VALUE)))
                .as("the next async call").isEqualTo(VALUE);
        assertThat(asyncOutcome(subject.policy(), () -> {
            throw error;
        })).as("async, supplier throws").isSameAs(error);
        assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.completedFuture(VALUE)))
                .as("the next async call").isEqualTo(VALUE);
    }

    // ---- cancellation ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void cancellingTheReturnedStageCancelsTheCallAndReleases(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);
        CompletableFuture<String> call = new CompletableFuture<>();
        CountDownLatch started = new CountDownLatch(1);

        CompletableFuture<String> returned = subject.policy().<String>executeCompletionStage(() -> {
            started.countDown();
            return call;
        }).toCompletableFuture();
        assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).as("the call started").isTrue();
        returned.cancel(true);

        assertThat(returned).isCancelled();
        // At once, or (thread-pool bulkhead) as soon as the pool thread has the call's stage in hand.
        await().atMost(Duration.ofSeconds(WAIT_SECONDS)).untilAsserted(
                () -> assertThat(call).as("the call's own stage").isCancelled());
        assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.completedFuture(VALUE)))
                .as("the next call").isEqualTo(VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void cancellingACallThatWaitsForAPermitNeverStartsIt(Supplier<Subject> factory) {
        Subject subject = create(factory);
        assumeTrue(subject.waiting() != null, "calls never wait for a permit");
        ManualScheduler scheduler = subject.waiting().makeNextCallWait();
        AtomicInteger started = new AtomicInteger();

        CompletableFuture<String> returned = subject.policy().<String>executeCompletionStage(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture(VALUE);
        }).toCompletableFuture();
        assertThat(returned).as("waiting").isNotDone();
        returned.cancel(true);

        assertThat(scheduler.pending()).as("the wake-up, cancelled with the call").isEmpty();
        scheduler.runPending();
        assertThat(started).as("calls started").hasValue(0);
    }

    // ---- listeners that throw ----------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aListenerThatThrowsARuntimeExceptionChangesNoOutcome(Supplier<Subject> factory) throws Exception {
        outcomesWithThrowingListeners(factory, new IllegalStateException("listener"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aListenerThatThrowsAnErrorChangesNoOutcome(Supplier<Subject> factory) throws Exception {
        outcomesWithThrowingListeners(factory, new ListenerError());
    }

    private void outcomesWithThrowingListeners(Supplier<Subject> factory, Throwable thrown) throws Exception {
        Subject subject = create(factory);
        AtomicInteger callbacks = new AtomicInteger();
        subject.addThrowingListeners().accept(thrown, callbacks);
        IllegalArgumentException failure = new IllegalArgumentException("the call failed");
        Object expectedFailure = subject.recovers() ? FALLBACK_VALUE : failure;

        for (int i = 0; i < 3; i++) {
            if (subject.sync()) {
                assertThat(syncOutcome(subject.syncPolicy(), () -> VALUE)).as("sync success").isEqualTo(VALUE);
                assertThat(syncOutcome(subject.syncPolicy(), () -> {
                    throw failure;
                })).as("sync failure").isSameAs(expectedFailure);
            }
            assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.completedFuture(VALUE)))
                    .as("async success").isEqualTo(VALUE);
            assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.failedFuture(failure)))
                    .as("async failure").isSameAs(expectedFailure);
            // Completed later, by this thread, after the policy returned: the listeners run in the completion.
            assertThat(lateOutcome(subject.policy(), call -> call.complete(VALUE)))
                    .as("async success, completed later").isEqualTo(VALUE);
            assertThat(lateOutcome(subject.policy(), call -> call.completeExceptionally(failure)))
                    .as("async failure, completed later").isSameAs(expectedFailure);
        }
        assertThat(callbacks).as("listener callbacks that threw").hasPositiveValue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aListenerThatThrowsChangesNoRejection(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);
        assumeTrue(subject.saturate() != null, "never rejects a call");
        Class<? extends Throwable> rejection = subject.saturate().rejectNextCall();
        AtomicInteger callbacks = new AtomicInteger();
        subject.addThrowingListeners().accept(new ListenerError(), callbacks);

        if (subject.sync()) {
            assertThat(syncOutcome(subject.syncPolicy(), () -> VALUE)).as("sync").isInstanceOf(rejection);
        }
        assertThat(asyncOutcome(subject.policy(), () -> CompletableFuture.completedFuture(VALUE)))
                .as("async").isInstanceOf(rejection);
        assertThat(callbacks).as("listener callbacks on the rejections").hasPositiveValue();
    }

    // ---- interruption ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void anInterruptedCallerStaysInterrupted(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);

        if (subject.sync()) {
            Thread.currentThread().interrupt();
            syncOutcome(subject.syncPolicy(), () -> VALUE);
            assertThat(Thread.interrupted()).as("interrupted after a sync call").isTrue();

            Thread.currentThread().interrupt();
            syncOutcome(subject.syncPolicy(), () -> {
                throw new IllegalStateException("failed while interrupted");
            });
            assertThat(Thread.interrupted()).as("interrupted after a failed sync call").isTrue();
        }
        Thread.currentThread().interrupt();
        CompletionStage<String> stage = subject.policy()
                .executeCompletionStage(() -> CompletableFuture.completedFuture(VALUE));
        assertThat(Thread.interrupted()).as("interrupted after starting an async call").isTrue();
        assertThat(outcome(stage)).isEqualTo(VALUE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void anInterruptedCallerWaitingForAPermitGivesUpAndStaysInterrupted(Supplier<Subject> factory) {
        Subject subject = create(factory);
        assumeTrue(subject.waiting() != null && subject.sync(), "synchronous calls never wait for a permit");
        subject.waiting().makeNextCallWait();
        AtomicInteger started = new AtomicInteger();

        Thread.currentThread().interrupt();
        Object outcome = syncOutcome(subject.syncPolicy(), () -> {
            started.incrementAndGet();
            return VALUE;
        });

        assertThat(Thread.interrupted()).as("still interrupted").isTrue();
        assertThat(outcome).as("gave up waiting").isInstanceOf(Throwable.class);
        assertThat(started).as("calls started").hasValue(0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("policies")
    void aCallEndingWithInterruptedExceptionEndsThePolicysWork(Supplier<Subject> factory) throws Exception {
        Subject subject = create(factory);
        InterruptedException interrupted = new InterruptedException("stop");
        AtomicInteger calls = new AtomicInteger();

        if (subject.sync()) {
            assertThat(syncOutcome(subject.syncPolicy(), () -> {
                calls.incrementAndGet();
                throw interrupted;
            })).isSameAs(subject.recovers() ? FALLBACK_VALUE : interrupted);
            assertThat(calls).as("attempts").hasValue(1);
        }
        calls.set(0);
        assertThat(asyncOutcome(subject.policy(), () -> {
            calls.incrementAndGet();
            return CompletableFuture.failedFuture(interrupted);
        })).isSameAs(subject.recovers() ? FALLBACK_VALUE : interrupted);
        assertThat(calls).as("async attempts").hasValue(1);
    }

    // ---- the subjects --------------------------------------------------------------------------------------

    private static Supplier<Subject> named(String name, Supplier<Subject> factory) {
        return new Supplier<>() {
            @Override
            public Subject get() {
                return factory.get();
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }

    static Subject circuitBreaker() {
        CircuitBreaker breaker = CircuitBreaker.of("contract", CircuitBreakerConfig.ofDefaults());
        return subject("circuit breaker", breaker, breaker, CircuitBreakerListener.class, () -> {
            breaker.transitionToOpenState();
            return CallNotPermittedException.class;
        }, null);
    }

    static Subject retry() {
        Retry retry = Retry.of("contract", RetryConfig.builder().maxAttempts(2).waitDuration(Duration.ofMillis(1))
                .build());
        return subject("retry", retry, retry, RetryListener.class, null, null);
    }

    static Subject timeout() {
        return timeout("timeout", TimeoutConfig.Mode.CALLER);
    }

    static Subject workerTimeout() {
        return timeout("timeout, worker mode", TimeoutConfig.Mode.WORKER);
    }

    private static Subject timeout(String name, TimeoutConfig.Mode mode) {
        Timeout timeout = Timeout.of("contract", TimeoutConfig.builder().timeoutDuration(Duration.ofSeconds(30))
                .mode(mode).build());
        return subject(name, timeout, timeout, TimeoutListener.class, null, null);
    }

    static Subject bulkhead() {
        Bulkhead bulkhead = Bulkhead.of("contract", BulkheadConfig.builder().maxConcurrentCalls(1).build());
        return subject("semaphore bulkhead", bulkhead, bulkhead, BulkheadListener.class, () -> {
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
            return BulkheadFullException.class;
        }, null);
    }

    static Subject waitingBulkhead() {
        ManualScheduler scheduler = new ManualScheduler();
        Bulkhead bulkhead = Bulkhead.of("contract", BulkheadConfig.builder().maxConcurrentCalls(1)
                .maxWaitDuration(Duration.ofSeconds(5)).scheduler(scheduler).build());
        return subject("semaphore bulkhead, waiting", bulkhead, bulkhead, BulkheadListener.class, null, () -> {
            assertThat(bulkhead.tryAcquirePermission()).isTrue();
            return scheduler;
        });
    }

    static Subject threadPoolBulkhead() {
        // One thread and one queue slot: a call whose thread or slot leaked would leave the next one waiting.
        ThreadPoolBulkhead bulkhead = ThreadPoolBulkhead.of("contract", ThreadPoolBulkheadConfig.builder()
                .coreThreadPoolSize(1).maxThreadPoolSize(1).queueCapacity(1).build());
        CountDownLatch release = new CountDownLatch(1);
        Saturation fill = () -> {
            CountDownLatch running = new CountDownLatch(1);
            Supplier<CompletionStage<String>> blocking = () -> {
                running.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return CompletableFuture.completedFuture(VALUE);
            };
            bulkhead.executeCompletionStage(blocking); // takes the thread
            assertThat(running.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            bulkhead.executeCompletionStage(blocking); // takes the queue slot
            return BulkheadFullException.class;
        };
        return new Subject("thread-pool bulkhead", bulkhead, false, false,
                (thrown, count) -> listen(bulkhead, ThreadPoolBulkheadListener.class, thrown, count), fill, () -> {
                    release.countDown();
                    bulkhead.close();
                }, null);
    }

    static Subject rateLimiter() {
        RateLimiter limiter = RateLimiter.of("contract", RateLimiterConfig.builder().limitForPeriod(1_000).build());
        return subject("rate limiter", limiter, limiter, RateLimiterListener.class, () -> {
            exhaust(limiter::tryAcquirePermission);
            return RateLimitExceededException.class;
        }, null);
    }

    static Subject waitingRateLimiter() {
        ManualScheduler scheduler = new ManualScheduler();
        RateLimiter limiter = RateLimiter.of("contract", RateLimiterConfig.builder().limitForPeriod(1_000)
                .timeoutDuration(Duration.ofSeconds(5)).scheduler(scheduler).build());
        return subject("rate limiter, waiting", limiter, limiter, RateLimiterListener.class, null, () -> {
            exhaust(limiter::tryAcquirePermission); // the next call waits for the next period
            return scheduler;
        });
    }

    static Subject keyedRateLimiter() {
        KeyedRateLimiter keyed = KeyedRateLimiter.of("contract", RateLimiterConfig.builder().limitForPeriod(1_000)
                .build());
        return subject("keyed rate limiter", keyed, keyed.limiterFor("tenant"), RateLimiterListener.class, () -> {
            exhaust(() -> keyed.tryAcquirePermission("tenant"));
            return RateLimitExceededException.class;
        }, null);
    }

    static Subject fallback() {
        Fallback<String> fallback = Fallback.of(FALLBACK_VALUE);
        return new Subject("fallback", fallback, true, true, (thrown, count) -> {
            fallback.addListener(throwing(FallbackListener.class, thrown, count));
            fallback.onEvent(event -> rethrow(thrown, count));
        }, null, () -> { }, null);
    }

    static Subject pipeline() {
        Subject retry = retry();
        Subject breaker = circuitBreaker();
        Subject limiter = rateLimiter();
        Subject timeout = timeout();
        Subject bulkhead = bulkhead();
        List<Subject> parts = List.of(retry, breaker, limiter, timeout, bulkhead);
        Pipeline pipeline = Pipeline.of(retry.syncPolicy(), breaker.syncPolicy(), limiter.syncPolicy(), timeout.syncPolicy(),
                bulkhead.syncPolicy());
        return new Subject("pipeline", pipeline, true, false,
                (thrown, count) -> parts.forEach(part -> part.addThrowingListeners().accept(thrown, count)),
                breaker.saturate(), () -> { }, null);
    }

    /** A subject that runs synchronous calls too, turns no failure into a value and needs no closing. */
    private static <L> Subject subject(String name, PatternInstance<?, L> instance, Policy policy,
            Class<L> listenerType, Saturation saturate, Waiting waiting) {
        return new Subject(name, policy, true, false,
                (thrown, count) -> listen(instance, listenerType, thrown, count), saturate, () -> { }, waiting);
    }

    private static void exhaust(BooleanSupplier tryAcquirePermission) {
        while (tryAcquirePermission.getAsBoolean()) {
            // takes every permit of the current period
        }
    }

    /** Adds a typed listener whose every callback throws {@code thrown}, and an event consumer that does too. */
    private static <L> void listen(PatternInstance<?, L> instance, Class<L> type, Throwable thrown,
            AtomicInteger count) {
        instance.addListener(throwing(type, thrown, count));
        instance.onEvent(event -> rethrow(thrown, count));
    }

    private static <L> L throwing(Class<L> type, Throwable thrown, AtomicInteger count) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "equals":
                            return proxy == args[0];
                        case "hashCode":
                            return System.identityHashCode(proxy);
                        case "toString":
                            return "listener throwing " + thrown;
                        default:
                            count.incrementAndGet();
                            throw thrown;
                    }
                }));
    }

    private static void rethrow(Throwable thrown, AtomicInteger count) {
        count.incrementAndGet();
        if (thrown instanceof RuntimeException runtime) {
            throw runtime;
        }
        throw (Error) thrown;
    }

    // ---- outcomes ----------------------------------------------------------------------------------------

    /** The value, or what was thrown, of a synchronous call through {@code policy}. */
    private static Object syncOutcome(Policy policy, dev.resilience.core.CheckedSupplier<String> call) {
        try {
            return policy.execute(call, Chain.terminal());
        } catch (Throwable thrown) {
            return thrown;
        }
    }

    /** The value, or the failure, of an asynchronous call through {@code policy} (also if it threw at once). */
    private static Object asyncOutcome(AsyncPolicy policy, Supplier<CompletionStage<String>> call) {
        CompletionStage<String> stage;
        try {
            stage = policy.executeCompletionStage(call);
        } catch (Throwable thrown) {
            return thrown;
        }
        return outcome(stage);
    }

    /** The outcome of an asynchronous call whose stage {@code complete} completes after the policy returned. */
    private static Object lateOutcome(AsyncPolicy policy, Consumer<CompletableFuture<String>> complete) {
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletionStage<String> stage = policy.executeCompletionStage(() -> call);
        complete.accept(call);
        return outcome(stage);
    }

    private static Object outcome(CompletionStage<String> stage) {
        try {
            return stage.toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause();
            return cause instanceof CompletionException && cause.getCause() != null ? cause.getCause() : cause;
        } catch (Exception notCompleted) {
            throw new AssertionError("the stage did not complete", notCompleted);
        }
    }

    /** The Error a call throws. */
    static final class CallError extends Error {
        CallError() {
            super("the call threw an Error");
        }
    }

    /** The Error a listener throws. */
    static final class ListenerError extends Error {
        ListenerError() {
            super("a listener threw an Error");
        }
    }
}
