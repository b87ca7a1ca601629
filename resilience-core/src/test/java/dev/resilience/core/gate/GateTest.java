package dev.resilience.core.gate;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.ResilienceException;
import dev.resilience.core.event.ListenerList;
import dev.resilience.core.event.ListenerList.Notification;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The gate template's own guarantees, on a tiny gate that rejects every third call, times calls on a clock the
 * test moves, and records each hook it sees: the synchronous and asynchronous paths see the same decisions, an
 * {@code Error} releases and propagates, cancelling releases and cancels the call, a throwing listener changes
 * nothing, a rejected call never runs, and a deferred call waits without a thread.
 */
class GateTest {

    /** Rejects every {@code n}th call; a permit is the call's number; every hook is recorded in order. */
    static final class EveryNth extends Gate<Integer, Listener> {
        private static final Notification<Listener, EveryNth> OUTCOME =
                (listener, gate, duration, unused, outcome) -> listener.heard((String) outcome, duration);

        final int n;
        final AtomicInteger calls = new AtomicInteger();
        final AtomicInteger held = new AtomicInteger();
        final AtomicLong time = new AtomicLong();
        final List<String> hooks = new CopyOnWriteArrayList<>();
        /** Non-null: onSuccess throws it (a result predicate that failed). */
        volatile RuntimeException successHookFailure;
        /** Non-null: onFailure returns it instead of the call's failure. */
        volatile Throwable replacement;
        /** Set: the asynchronous admission defers instead of taking a permit. */
        volatile boolean defer;
        final ConcurrentLinkedQueue<GateCall<Integer, ?>> queue = new ConcurrentLinkedQueue<>();

        EveryNth(int n) {
            super("every-" + n, new ListenerList<>(Listener.class), consumer -> (outcome, duration) -> { });
            this.n = n;
        }

        @Override
        protected Integer acquire() {
            int call = calls.incrementAndGet();
            if (call % n == 0) {
                hooks.add("rejected " + call);
                throw new Rejected(name());
            }
            held.incrementAndGet();
            hooks.add("acquired " + call);
            return call;
        }

        @Override
        protected Object acquireAsync() {
            return defer ? Deferral.QUEUED : acquire();
        }

        @Override
        protected long clock() {
            return time.get();
        }

        @Override
        protected void onSuccess(Integer permit, long durationNanos, long endNanos, Object result) {
            hooks.add("success " + permit + " " + result + " in " + durationNanos + "ns");
            listeners().deliver(OUTCOME, this, durationNanos, "success");
            RuntimeException failure = successHookFailure;
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        protected Throwable onFailure(Integer permit, long durationNanos, long endNanos, Throwable failure) {
            hooks.add("failure " + permit + " " + failure.getClass().getSimpleName() + " in " + durationNanos + "ns");
            listeners().deliver(OUTCOME, this, durationNanos, "failure");
            Throwable instead = replacement;
            return instead != null ? instead : failure;
        }

        @Override
        protected void onCancelled(Integer permit) {
            hooks.add("cancelled " + permit);
        }

        @Override
        protected void release(Integer permit) {
            held.decrementAndGet();
            hooks.add("released " + permit);
        }

        @Override
        protected void enqueue(GateCall<Integer, ?> waiting, Deferral deferral) {
            hooks.add("queued");
            queue.add(waiting);
        }

        @Override
        protected void leftQueue(GateCall<Integer, ?> waiting) {
            hooks.add("left the queue");
            queue.remove(waiting);
        }

        /** Admits the head of the queue with the next call's permit, as a gate does when a permit comes free. */
        void admitNext() {
            GateCall<Integer, ?> waiting = queue.poll();
            held.incrementAndGet();
            int permit = calls.incrementAndGet();
            if (waiting.grant(permit)) {
                hooks.add("granted " + permit);
                waiting.start();
            } else {
                held.decrementAndGet();
            }
        }

        /** A call that takes {@code nanos} on the gate's clock and returns {@code value}. */
        <T> Supplier<T> taking(long nanos, T value) {
            return () -> {
                time.addAndGet(nanos);
                return value;
            };
        }
    }

    interface Listener {
        void heard(String outcome, long durationNanos);
    }

    static final class Rejected extends ResilienceException {
        Rejected(String name) {
            super(name, "Gate '" + name + "' rejects this call", null, false);
        }
    }

    // ----------------------------------------------------------------------------------------------- parity

    @Test
    void theSynchronousAndAsynchronousPathsMakeTheSameDecisionsAndHearTheSameOutcomes() throws Exception {
        EveryNth sync = new EveryNth(3);
        List<Object> syncOutcomes = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String value = "v" + i;
            boolean fails = i == 4;
            try {
                syncOutcomes.add(sync.execute(() -> {
                    sync.time.addAndGet(5);
                    if (fails) {
                        throw new IOException("down");
                    }
                    return value;
                }, Chain.terminal()));
            } catch (Throwable failure) {
                syncOutcomes.add(failure.getClass().getSimpleName());
            }
        }

        EveryNth async = new EveryNth(3);
        List<Object> asyncOutcomes = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            String value = "v" + i;
            boolean fails = i == 4;
            CompletionStage<String> stage = async.executeAsync(() -> {
                async.time.addAndGet(5);
                return fails ? CompletableFuture.failedFuture(new IOException("down"))
                        : CompletableFuture.completedFuture(value);
            }, AsyncChain.terminal());
            try {
                asyncOutcomes.add(stage.toCompletableFuture().get(5, TimeUnit.SECONDS));
            } catch (ExecutionException failure) {
                asyncOutcomes.add(failure.getCause().getClass().getSimpleName());
            }
        }

        assertThat(syncOutcomes).containsExactly("v1", "v2", "Rejected", "IOException", "v5", "Rejected");
        assertThat(asyncOutcomes).isEqualTo(syncOutcomes);
        assertThat(async.hooks).isEqualTo(sync.hooks).containsExactly(
                "acquired 1", "success 1 v1 in 5ns", "released 1",
                "acquired 2", "success 2 v2 in 5ns", "released 2",
                "rejected 3",
                "acquired 4", "failure 4 IOException in 5ns", "released 4",
                "acquired 5", "success 5 v5 in 5ns", "released 5",
                "rejected 6");
        assertThat(sync.held).hasValue(0);
        assertThat(async.held).hasValue(0);
    }

    @Test
    void everySynchronousEntryPointGoesThroughTheSameHooks() throws Exception {
        EveryNth gate = new EveryNth(100);
        assertThat(gate.executeSupplier(gate.taking(1, "supplier"))).isEqualTo("supplier");
        assertThat(gate.executeCallable(() -> "callable")).isEqualTo("callable");
        gate.executeRunnable(() -> gate.time.addAndGet(2));
        Function<String, Integer> length = gate.decorateFunction(String::length);
        assertThat(length.apply("four")).isEqualTo(4);
        assertThat(gate.decorateSupplier(() -> "decorated").get()).isEqualTo("decorated");

        assertThat(gate.hooks).containsExactly(
                "acquired 1", "success 1 supplier in 1ns", "released 1",
                "acquired 2", "success 2 callable in 0ns", "released 2",
                "acquired 3", "success 3 null in 2ns", "released 3",
                "acquired 4", "success 4 4 in 0ns", "released 4",
                "acquired 5", "success 5 decorated in 0ns", "released 5");
    }

    @Test
    void checkedExceptionsReachTheCallerUnchanged() {
        EveryNth gate = new EveryNth(100);
        IOException down = new IOException("down");
        assertThatThrownBy(() -> gate.executeCallable(() -> {
            throw down;
        })).isSameAs(down);
        assertThat(gate.held).hasValue(0);
    }

    // ------------------------------------------------------------------------------------------------ Error

    @Test
    void anErrorOfASynchronousCallIsLearntReleasedAndReachesTheCallerAsItIs() {
        EveryNth gate = new EveryNth(100);
        StackOverflowError overflow = new StackOverflowError("deep");
        assertThatThrownBy(() -> gate.executeSupplier(() -> {
            throw overflow;
        })).isSameAs(overflow);
        assertThat(gate.held).hasValue(0);
        assertThat(gate.hooks).containsExactly("acquired 1", "failure 1 StackOverflowError in 0ns", "released 1");
    }

    @Test
    void anErrorOfAnAsynchronousCallIsLearntReleasedAndFailsTheStageAsItIs() {
        EveryNth gate = new EveryNth(100);
        AssertionError inStage = new AssertionError("in the stage");
        CompletionStage<Object> failed = gate.executeAsync(() -> CompletableFuture.failedFuture(inStage),
                AsyncChain.terminal());
        assertThatThrownBy(() -> failed.toCompletableFuture().join()).isInstanceOf(CompletionException.class)
                .cause().isSameAs(inStage);

        OutOfMemoryError thrown = new OutOfMemoryError("thrown while starting");
        CompletionStage<Object> thrownStage = gate.executeAsync(() -> {
            throw thrown;
        }, AsyncChain.terminal());
        assertThatThrownBy(() -> thrownStage.toCompletableFuture().join()).cause().isSameAs(thrown);

        assertThat(gate.held).hasValue(0);
        assertThat(gate.hooks).containsExactly(
                "acquired 1", "failure 1 AssertionError in 0ns", "released 1",
                "acquired 2", "failure 2 OutOfMemoryError in 0ns", "released 2");
    }

    @Test
    void aHookThatFailsBecomesTheOutcomeAndThePermitStillComesBack() {
        EveryNth gate = new EveryNth(100);
        IllegalStateException predicate = new IllegalStateException("result predicate failed");
        gate.successHookFailure = predicate;
        assertThatThrownBy(() -> gate.executeSupplier(() -> "x")).isSameAs(predicate);
        CompletionStage<String> stage = gate.executeAsync(() -> CompletableFuture.completedFuture("y"),
                AsyncChain.terminal());
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).cause().isSameAs(predicate);
        assertThat(gate.held).hasValue(0);

        gate.successHookFailure = null;
        IllegalArgumentException instead = new IllegalArgumentException("classifier failed");
        gate.replacement = instead;
        assertThatThrownBy(() -> gate.executeSupplier(() -> {
            throw new IllegalStateException("call");
        })).isSameAs(instead);
        assertThat(gate.held).hasValue(0);
    }

    // ---------------------------------------------------------------------------------------- cancellation

    @Test
    void cancellingTheStageReleasesThePermitCancelsTheCallAndRecordsNoOutcome() {
        EveryNth gate = new EveryNth(100);
        CompletableFuture<String> call = new CompletableFuture<>();
        CompletionStage<String> stage = gate.executeAsync(() -> call, AsyncChain.terminal());
        assertThat(gate.held).hasValue(1);

        assertThat(stage.toCompletableFuture().cancel(true)).isTrue();

        assertThat(call).isCancelled();
        assertThat(gate.held).hasValue(0);
        // The call completing later changes nothing: it was neither a success nor a failure.
        call.complete("late");
        assertThat(gate.hooks).containsExactly("acquired 1", "cancelled 1", "released 1");
        // Cancelling again releases nothing twice.
        stage.toCompletableFuture().cancel(true);
        assertThat(gate.hooks).hasSize(3);
        assertThat(gate.held).hasValue(0);
    }

    @Test
    void aCompletedCallCannotBeCancelledAnymore() {
        EveryNth gate = new EveryNth(100);
        CompletionStage<String> stage = gate.executeAsync(() -> CompletableFuture.completedFuture("done"),
                AsyncChain.terminal());
        assertThat(stage.toCompletableFuture().cancel(true)).isFalse();
        assertThat(gate.hooks).containsExactly("acquired 1", "success 1 done in 0ns", "released 1");
    }

    // --------------------------------------------------------------------------------------------- listeners

    @Test
    void listenersThatThrowChangeNeitherTheOutcomeNorThePermits() throws Exception {
        EveryNth gate = new EveryNth(100);
        List<String> heard = new CopyOnWriteArrayList<>();
        gate.addListener((outcome, duration) -> {
            throw new IllegalStateException("listener bug");
        });
        gate.addListener((outcome, duration) -> {
            throw new StackOverflowError("listener recursion");
        });
        Listener recording = (outcome, duration) -> heard.add(outcome + " " + duration);
        gate.addListener(recording);

        assertThat(gate.executeSupplier(gate.taking(7, "result"))).isEqualTo("result");
        assertThat(gate.executeAsync(() -> CompletableFuture.completedFuture("async"), AsyncChain.terminal())
                .toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("async");
        IOException down = new IOException("down");
        assertThatThrownBy(() -> gate.executeCallable(() -> {
            throw down;
        })).isSameAs(down);

        assertThat(heard).containsExactly("success 7", "success 0", "failure 0");
        assertThat(gate.held).hasValue(0);
        assertThat(gate.removeListener(recording)).isTrue();
        assertThat(gate.removeListener(recording)).isFalse();
    }

    // --------------------------------------------------------------------------------------------- rejection

    @Test
    void aRejectedCallNeverRunsAndHasNothingToRelease() {
        EveryNth gate = new EveryNth(1);
        AtomicInteger ran = new AtomicInteger();
        assertThatThrownBy(() -> gate.executeRunnable(ran::incrementAndGet)).isInstanceOf(Rejected.class)
                .hasMessage("Gate 'every-1' rejects this call");
        CompletionStage<Object> stage = gate.executeAsync(() -> {
            ran.incrementAndGet();
            return CompletableFuture.completedFuture("never");
        }, AsyncChain.terminal());
        assertThat(stage.toCompletableFuture()).isCompletedExceptionally();
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).cause().isInstanceOf(Rejected.class);
        assertThat(ran).hasValue(0);
        assertThat(gate.hooks).containsExactly("rejected 1", "rejected 2");
    }

    // ------------------------------------------------------------------------------------ unobserved calls

    /** Admits every call unobserved, as a rate limiter does. */
    static final class Unobserved extends Gate<Object, Listener> {
        Unobserved() {
            super("unobserved", new ListenerList<>(Listener.class), consumer -> (outcome, duration) -> { });
        }

        @Override
        protected Object acquire() {
            return null;
        }

        @Override
        protected void onSuccess(Object permit, long durationNanos, long endNanos, Object result) {
            throw new AssertionError("not observed");
        }

        @Override
        protected void release(Object permit) {
            throw new AssertionError("not observed");
        }
    }

    @Test
    void anUnobservedCallRunsWithoutHooksAndItsOwnStageIsReturned() {
        Unobserved gate = new Unobserved();
        assertThat(gate.executeSupplier(() -> "through")).isEqualTo("through");
        CompletableFuture<String> call = CompletableFuture.completedFuture("own");
        assertThat(gate.executeAsync(() -> call, AsyncChain.terminal())).isSameAs(call);
    }

    // ------------------------------------------------------------------------------------------ deferral

    @Test
    void aDeferredCallWaitsWithoutAThreadAndStartsWhenTheGateGrantsIt() throws Exception {
        EveryNth gate = new EveryNth(100);
        gate.defer = true;
        AtomicInteger started = new AtomicInteger();
        CompletionStage<String> stage = gate.executeAsync(() -> {
            started.incrementAndGet();
            return CompletableFuture.completedFuture("late");
        }, AsyncChain.terminal());
        assertThat(started).hasValue(0);
        assertThat(stage.toCompletableFuture()).isNotDone();
        assertThat(((GateCall<?, ?>) stage).isWaiting()).isTrue();

        gate.admitNext();

        assertThat(stage.toCompletableFuture().get(5, TimeUnit.SECONDS)).isEqualTo("late");
        assertThat(started).hasValue(1);
        assertThat(gate.held).hasValue(0);
        assertThat(gate.hooks).containsExactly("queued", "granted 1", "success 1 late in 0ns", "released 1");
    }

    @Test
    void aWaitingCallThatIsCancelledLeavesTheQueueAndNeverStarts() {
        EveryNth gate = new EveryNth(100);
        gate.defer = true;
        AtomicInteger started = new AtomicInteger();
        CompletionStage<String> stage = gate.executeAsync(() -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        }, AsyncChain.terminal());
        GateCall<?, ?> waiting = (GateCall<?, ?>) stage;

        assertThat(stage.toCompletableFuture().cancel(true)).isTrue();

        assertThat(gate.queue).isEmpty();
        assertThat(waiting.isWaiting()).isFalse();
        assertThat(waiting.stopWaiting()).isFalse();
        assertThat(started).hasValue(0);
        assertThat(gate.hooks).containsExactly("queued", "left the queue");
    }

    @Test
    void aGrantThatLosesToACancellationGivesThePermitBackInsteadOfStarting() {
        EveryNth gate = new EveryNth(100);
        gate.defer = true;
        AtomicInteger started = new AtomicInteger();
        Supplier<CompletionStage<String>> call = () -> {
            started.incrementAndGet();
            return new CompletableFuture<>();
        };
        @SuppressWarnings("unchecked")
        GateCall<Integer, String> waiting = (GateCall<Integer, String>) gate.executeAsync(call, AsyncChain.terminal());
        gate.held.incrementAndGet();
        assertThat(waiting.grant(7)).isTrue();
        // Cancelled between the grant and the start: start() must not run the call, and must release.
        assertThat(waiting.cancel(true)).isTrue();
        waiting.start();

        assertThat(started).hasValue(0);
        assertThat(gate.held).hasValue(0);
        assertThat(gate.hooks).containsExactly("queued", "cancelled 7", "released 7");
    }

    @Test
    void aWaitThatEndsFailsTheCallWithTheGatesRejection() {
        EveryNth gate = new EveryNth(100);
        gate.defer = true;
        CompletionStage<String> stage = gate.executeAsync(CompletableFuture::new, AsyncChain.terminal());
        GateCall<?, ?> waiting = gate.queue.poll();
        assertThat(waiting).isSameAs(stage);

        assertThat(waiting.stopWaiting()).isTrue();
        waiting.completeExceptionally(new Rejected("every-100"));

        assertThat(waiting.grant(null)).isFalse();
        assertThatThrownBy(() -> stage.toCompletableFuture().join()).cause().isInstanceOf(Rejected.class);
        assertThat(stage.toCompletableFuture().cancel(true)).isFalse();
        assertThat(gate.hooks).containsExactly("queued");
    }
}
