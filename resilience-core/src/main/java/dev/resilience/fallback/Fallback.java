package dev.resilience.fallback;

import dev.resilience.core.AsyncChain;
import dev.resilience.core.Chain;
import dev.resilience.core.CheckedSupplier;
import dev.resilience.core.CommonOptions;
import dev.resilience.core.PatternInstance;
import dev.resilience.core.Policy;
import dev.resilience.core.event.EventConsumer;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Replaces the failure of a call with a result: a value, a supplier, a function of the failure, or a chain of
 * handlers tried in order.
 *
 * <pre>{@code
 * Fallback<Price> fallback = Fallback.<Price>builder("price")
 *         .applyOn(IOException.class, CallNotPermittedException.class)
 *         .then((failure, call) -> priceCache.get(sku))        // tried first
 *         .then(FallbackHandler.ofValue(Price.UNKNOWN))          // if the cache throws
 *         .build();
 * Price price = Pipeline.of(fallback, retry, circuitBreaker).executeSupplier(() -> prices.fetch(sku));
 * }</pre>
 *
 * <h2>Which failures</h2>
 * By default every {@link Exception} triggers the fallback, including the library's own rejections
 * ({@code CallNotPermittedException}, {@code BulkheadFullException}...), but no {@link Error}. With
 * {@link Builder#applyOn applyOn} only those types (subclasses included) do; {@link Builder#ignore ignore} types
 * never do, and ignore wins. A failure that does not trigger the fallback reaches the caller unchanged.
 *
 * <h2>Chains</h2>
 * Handlers are tried in the order they were added. The first that returns wins. A handler that throws (or, for
 * an {@link AsyncFallbackHandler}, whose stage fails) passes the turn on. When every handler failed, the caller
 * receives the <em>original</em> failure, with each handler's exception added to it as suppressed, in order,
 * as long as it holds fewer than {@value dev.resilience.core.Exceptions#SUPPRESSED_LIMIT} suppressed exceptions:
 * a pre-allocated or {@code static} exception that many calls throw keeps the handler failures of its first
 * calls and then stops growing (see {@link dev.resilience.core.Exceptions#addSuppressed}).
 *
 * <h2>Interrupts</h2>
 * When the replaced failure is an {@link InterruptedException} (synchronous calls), the thread's interrupt flag
 * is set again before the replacement result is returned, so the interrupt is not lost.
 *
 * <h2>Types</h2>
 * {@link Policy}'s methods are generic per call, while a fallback has one result type {@code T}: the caller must
 * use a fallback whose {@code T} is assignable to the call's result type (the Spring starter checks this at
 * startup); otherwise the caller gets a {@link ClassCastException} when the replacement is used.
 *
 * <h2>Cost</h2>
 * A successful synchronous call costs one method call and allocates nothing. Asynchronous calls allocate the
 * returned future. Cancelling that future cancels the call's stage when it is a {@code Future} (so that
 * inner policies such as a retry stop), but never a handler's stage, which may be shared (a cache's future).
 *
 * <p>Thread-safe and immutable apart from its listeners.
 *
 * @param <T> the type of the replacement result
 * @since 0.1.0
 */
public interface Fallback<T> extends Policy, PatternInstance<FallbackConfig, FallbackListener> {

    /** The name given to fallbacks made by the static factories: {@value}. */
    String DEFAULT_NAME = "fallback";

    /** A fallback named {@value #DEFAULT_NAME} that returns {@code value} for every {@link Exception}. */
    static <T> Fallback<T> of(T value) {
        return Fallback.<T>builder(DEFAULT_NAME).then(FallbackHandler.ofValue(value)).build();
    }

    /** A fallback named {@value #DEFAULT_NAME} that returns what {@code supplier} supplies. */
    static <T> Fallback<T> ofSupplier(Supplier<? extends T> supplier) {
        return Fallback.<T>builder(DEFAULT_NAME).then(FallbackHandler.ofSupplier(supplier)).build();
    }

    /** A fallback named {@value #DEFAULT_NAME} that computes the result from the failure. */
    static <T> Fallback<T> ofFunction(Function<? super Throwable, ? extends T> function) {
        return Fallback.<T>builder(DEFAULT_NAME).then(FallbackHandler.ofFunction(function)).build();
    }

    /**
     * A builder for a fallback called {@code name} (for example {@code Class#method} of the protected method).
     *
     * @throws NullPointerException when {@code name} is {@code null}
     */
    static <T> Builder<T> builder(String name) {
        return new Builder<>(Objects.requireNonNull(name, "name"));
    }

    /** The name. */
    @Override
    String name();

    /** The failure types, and the clock of its events. */
    @Override
    FallbackConfig config();

    /** The types that trigger the fallback, as given; empty means every {@link Exception}. */
    default List<Class<? extends Throwable>> applyOn() {
        return config().applyOn();
    }

    /** The types that never trigger the fallback, as given. */
    default List<Class<? extends Throwable>> ignore() {
        return config().ignore();
    }

    /** How many handlers the chain has. */
    int handlerCount();

    /** Adds a listener; adding the same one twice notifies it twice. */
    @Override
    void addListener(FallbackListener listener);

    /** Removes one registration of {@code listener}; {@code true} when it was registered. */
    @Override
    boolean removeListener(FallbackListener listener);

    /**
     * Registers {@code consumer} to receive a {@link dev.resilience.core.event.ResilienceEvent} (pattern
     * {@code fallback}) per notification, timestamped with the builder's clock: {@code FALLBACK} (details
     * {@code handlerIndex}, {@code error}) and {@code FALLBACK_FAILED} ({@code error}, {@code suppressed}: the
     * number of handler failures); {@code error} is the original failure's {@code toString()}.
     *
     * @return the adapter that was added, to pass to {@link #removeListener} later
     */
    @Override
    FallbackListener onEvent(EventConsumer consumer);

    @Override
    <R> R execute(CheckedSupplier<? extends R> call, Chain next) throws Throwable;

    @Override
    <R> CompletionStage<R> executeAsync(Supplier<? extends CompletionStage<R>> call, AsyncChain next);

    /**
     * Builds a {@link Fallback}. Not thread-safe; reusable: every {@link #build()} copies the handlers and lists.
     *
     * @param <T> the type of the replacement result
     * @since 0.1.0
     */
    final class Builder<T> implements CommonOptions.ClockOption<Builder<T>> {
        private final String name;
        private List<Class<? extends Throwable>> applyOn = List.of();
        private List<Class<? extends Throwable>> ignore = List.of();
        private final List<Object> handlers = new ArrayList<>();
        private final CommonOptions options = new CommonOptions();

        private Builder(String name) {
            this.name = name;
        }

        /**
         * The failure types that trigger the fallback, subclasses included; replaces any earlier list. Default
         * (none given): every {@link Exception}, no {@link Error}.
         *
         * @throws NullPointerException when the array or an element is {@code null}
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is only read, never stored or exposed
        public final Builder<T> applyOn(Class<? extends Throwable>... types) {
            this.applyOn = types("applyOn", types);
            return this;
        }

        /**
         * Failure types that never trigger the fallback, subclasses included, even when they match
         * {@link #applyOn}; replaces any earlier list.
         *
         * @throws NullPointerException when the array or an element is {@code null}
         */
        @SafeVarargs
        @SuppressWarnings("varargs") // the array is only read, never stored or exposed
        public final Builder<T> ignore(Class<? extends Throwable>... types) {
            this.ignore = types("ignore", types);
            return this;
        }

        /**
         * Adds a handler at the end of the chain. See {@link FallbackHandler}'s {@code ofValue},
         * {@code ofSupplier} and {@code ofFunction} for the common cases.
         */
        public Builder<T> then(FallbackHandler<? extends T> handler) {
            handlers.add(Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /** Adds an asynchronous handler at the end of the chain. */
        public Builder<T> thenAsync(AsyncFallbackHandler<? extends T> handler) {
            handlers.add(new AsyncStep<T>(Objects.requireNonNull(handler, "handler")));
            return this;
        }

        @Override
        public CommonOptions commonOptions() {
            return options;
        }

        /**
         * A new fallback.
         *
         * @throws IllegalStateException when no handler was added
         */
        public Fallback<T> build() {
            if (handlers.isEmpty()) {
                throw new IllegalStateException("Fallback '" + name
                        + "' has no handler: add one with then(...) or thenAsync(...)");
            }
            return new DefaultFallback<>(name, FallbackConfig.of(applyOn, ignore, options.clock()), handlers.toArray());
        }

        private static List<Class<? extends Throwable>> types(String what, Class<? extends Throwable>[] types) {
            Objects.requireNonNull(types, what);
            for (Class<? extends Throwable> type : types) {
                Objects.requireNonNull(type, () -> what + " must not contain null: " + Arrays.toString(types));
            }
            return List.of(types);
        }
    }
}
